using System.ComponentModel;
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
        api.MapGet("/", ListAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("List messages, newest first; with 'since', every message received or changed at or after that instant, oldest change first.")
            .WithDescription("""
                Pages by keyset. When more rows follow, the response carries a `Link: <...>; rel="next"` header whose URL is
                this request with a `cursor` added; request it until there is no such header. With `since` (catching up after
                a reconnect) the pages run in change order and never skip or repeat a change, however many there are. The body
                stays a JSON array of messages; `limit` is 1 to 1,000 (default 200).
                """)
            .Produces<List<MessageDto>>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
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
        var tenant = await db.Tenants.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Slug == input.Tenant!.Trim(), cancellationToken);
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
            return await CreatedAsync(db, created.Id, cancellationToken);
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
                return await CreatedAsync(db, created.Id, cancellationToken);
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

    private static async Task<IResult> ListAsync(
        [FromQuery] string? tenant, [FromQuery(Name = "status")] string? statusText, [FromQuery(Name = "urgency")] string? urgencyText,
        [FromQuery(Name = "since")] string? sinceText,
        [FromQuery, Description("Opaque position from the previous page's Link rel=\"next\" header.")] string? cursor,
        [FromQuery(Name = "limit")] string? limitText,
        HttpContext http, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        // Read as text, so every bad parameter is a 400 naming it rather than the framework's bare 400.
        var errors = new Dictionary<string, string[]>();
        if (MessageValidator.HasUnstorableCharacter(tenant))
        {
            errors["tenant"] = [text["Validation_InvalidCharacter"]];
        }
        var status = ParseEnum<MessageStatus>("status", statusText, errors, text);
        var urgency = ParseEnum<Urgency>("urgency", urgencyText, errors, text);
        DateTimeOffset? since = null;
        if (!string.IsNullOrEmpty(sinceText))
        {
            if (DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            {
                since = parsed;
            }
            else
            {
                errors["since"] = [text["Validation_ReceivedAtInvalid"]];
            }
        }
        int? limit = null;
        if (!string.IsNullOrEmpty(limitText))
        {
            if (int.TryParse(limitText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                limit = parsed;
            }
            else
            {
                errors["limit"] = [text["Api_LimitInvalid"]];
            }
        }
        Keyset? position = null;
        if (cursor is not null && (position = ApiCursor.TryRead(cursor, changes: since is not null)) is null)
        {
            errors["cursor"] = [text["Api_CursorInvalid"]];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: text["Api_ValidationTitle"]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Guid? tenantId = null;
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            // Tenants are global rows: a tenant key naming another tenant gets the same 404 as an unknown slug.
            tenantId = await db.Tenants.Where(t => t.Slug == tenant).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (tenantId is null || !db.Tenant.CanSee(tenantId.Value))
            {
                return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
            }
        }
        var pageSize = Math.Clamp(limit ?? 200, 1, 1000);
        // One row more than asked says whether a next page exists, without a count.
        var rows = since is { } from
            ? await db.ChangesAsync(new MessageQueries.ChangesFilter(from, position, tenantId, status, urgency, pageSize + 1), cancellationToken)
            : await db.ListAsync(new MessageQueries.Filter(tenantId, status, urgency, pageSize + 1, position), cancellationToken);
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            var last = rows[^1];
            var next = since is null ? ApiCursor.ForReceived(Keyset.ReceivedOf(last)) : ApiCursor.ForChanges(Keyset.ChangeOf(last));
            http.Response.Headers.Link = $"<{NextPageUrl(http.Request, next)}>; rel=\"next\"";
        }
        return TypedResults.Ok(rows);
    }

    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = request.Query.Where(p => !string.Equals(p.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    /// <summary>A status or urgency by name ("New", "urgent"); numbers and combinations are not names.</summary>
    private static TEnum? ParseEnum<TEnum>(string field, string? value, Dictionary<string, string[]> errors, IStringLocalizer<SharedResource> text)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            && !int.TryParse(value, out _) && !value.Contains(',', StringComparison.Ordinal))
        {
            return parsed;
        }
        errors[field] = [text["Api_ValueNotAllowed", string.Join(", ", Enum.GetNames<TEnum>())]];
        return null;
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
