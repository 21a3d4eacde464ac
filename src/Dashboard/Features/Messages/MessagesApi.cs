using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Messages;

/// <summary>The intake and read API of the public contract (BRIEF.md). Tenant keys only ever see their own tenant.</summary>
public static class MessagesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The stored key's column length.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Far above the largest valid message (every field at its limit, escaped), far below what hurts the server.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").WithTags("Messages");
        api.MapPost("/", CreateAsync).RequireAuthorization(AuthPolicies.MessageIntake)
            .WithSummary("Record a call message for a tenant (operator-centre key). Honors Idempotency-Key.")
            .Accepts<MessageInput>("application/json")
            .Produces<MessageDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("Read one message.").Produces<MessageDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/acknowledge", (string id, ClaimsPrincipal user, MessageService messages, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                TransitionAsync(id, user, messages.AcknowledgeAsync, text, ct))
            .RequireAuthorization(AuthPolicies.MessageApi).WithSummary("Acknowledge a message; idempotent.").Produces<MessageDto>().ProducesValidationProblem();
        api.MapPost("/{id}/resolve", (string id, ClaimsPrincipal user, MessageService messages, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                TransitionAsync(id, user, messages.ResolveAsync, text, ct))
            .RequireAuthorization(AuthPolicies.MessageApi).WithSummary("Resolve a message; idempotent.").Produces<MessageDto>().ProducesValidationProblem();
        api.MapFollowUpsApi();
        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, MessageValidator validator, MessageService messages,
        IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var rawBody = await ReadBodyAsync(request, cancellationToken);
        if (rawBody is null)
        {
            return TypedResults.Problem(title: text["Api_BodyTooLarge"], detail: text["Api_BodyTooLargeDetail", MaxBodyBytes / 1024],
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var input = ApiJson.TryRead<MessageInput>(rawBody, out var badField);
        if (input is null)
        {
            return badField is null
                ? TypedResults.Problem(title: text["Api_BodyNotJson"], statusCode: StatusCodes.Status400BadRequest)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [badField] = [text["Api_FieldWrongType"]] }, title: text["Api_ValidationTitle"]);
        }
        var result = validator.Validate(input, requireTenant: true);
        if (idempotencyKey is not null && (idempotencyKey.Length > MaxIdempotencyKeyLength || MessageValidator.HasUnstorableCharacter(idempotencyKey)))
        {
            result.Errors[IdempotencyKeyHeader] = [text["Api_IdempotencyKeyInvalid", MaxIdempotencyKeyLength]];
        }
        if (!result.IsValid)
        {
            return TypedResults.ValidationProblem(result.Errors, title: text["Api_ValidationTitle"]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Trimmed here, not inside the query: EF Core would evaluate the call anew on every request to parameterize it.
        var slug = input.Tenant!.Trim();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (tenant is null)
        {
            return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
        }
        if (!tenant.IsActive)
        {
            // Known but switched off by an Admin. The public contract answers 404 for a tenant that cannot take
            // messages; the problem document says why, so the operator centre does not think it mistyped the slug.
            return TypedResults.Problem(title: text["Api_TenantInactive"], detail: text["Api_TenantInactiveDetail", tenant.Slug],
                statusCode: StatusCodes.Status404NotFound);
        }

        var keyId = Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!);
        var actor = new Actor(null, DashboardClaims.DisplayNameOf(user), ChangeChannel.Api);
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            var created = await messages.CreateAsync(tenant.Id, result.Value!, actor, cancellationToken);
            return Recorded(created, tenant.Slug);
        }

        var requestHash = SHA256.HashData(rawBody);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var earlier = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.ApiKeyId == keyId && r.Key == idempotencyKey, cancellationToken);
            if (earlier is not null)
            {
                return earlier.RequestHash.AsSpan().SequenceEqual(requestHash)
                    ? await CreatedAsync(db, earlier.MessageId, cancellationToken)
                    : TypedResults.Problem(title: text["Api_IdempotencyMismatch"], statusCode: StatusCodes.Status422UnprocessableEntity);
            }
            try
            {
                var record = new IdempotencyRecord { ApiKeyId = keyId, Key = idempotencyKey, RequestHash = requestHash };
                var created = await messages.CreateAsync(tenant.Id, result.Value!, actor, cancellationToken, record);
                return Recorded(created, tenant.Slug);
            }
            catch (DbUpdateException ex) when (MessageService.IsUniqueViolation(ex))
            {
                // A concurrent request with the same key won the race: answer with its result.
            }
        }
        return TypedResults.Problem(title: text["Api_IdempotencyMismatch"], statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/> (read no further than that).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken, int maxBodyBytes = MaxBodyBytes)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                return null;
            }
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The 201 of a message just recorded, from the row as written rather than read back (a query and a round trip per
    /// call; docs/benchmarks.md, fourth session). It equals what a GET answers then (IntakeApiTests checks both).
    /// </summary>
    private static Created<MessageDto> Recorded(Message message, string tenantSlug) =>
        TypedResults.Created($"/api/v1/messages/{message.Id}", MessageQueries.ToRecordedDto(message, tenantSlug));

    private static async Task<IResult> CreatedAsync(AppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var dto = await db.FindDtoAsync(id, cancellationToken);
        return TypedResults.Created($"/api/v1/messages/{id}", dto);
    }

    private static async Task<IResult> GetAsync(
        string id, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var messageId))
        {
            return BadId(text);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dto = await db.FindDtoAsync(messageId, cancellationToken);
        return dto is null ? NotFound(text) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> TransitionAsync(
        string id, ClaimsPrincipal user, Func<Guid, Actor, CancellationToken, Task<TransitionResult>> transition,
        IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var messageId))
        {
            return BadId(text);
        }
        var result = await transition(messageId, new Actor(null, DashboardClaims.DisplayNameOf(user), ChangeChannel.Api), cancellationToken);
        return result.Message is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(result.Message);
    }

    internal static ValidationProblem BadId(IStringLocalizer<SharedResource> text) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [text["Api_IdInvalid"]] }, title: text["Api_ValidationTitle"]);

    internal static ProblemHttpResult NotFound(IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text["Api_MessageNotFound"], statusCode: StatusCodes.Status404NotFound);
}
