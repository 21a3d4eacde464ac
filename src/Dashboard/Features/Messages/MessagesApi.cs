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
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("Read one message.");
        api.MapGet("/", ListAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("List messages, newest first. 'since' returns every message received or changed at or after that instant (for catching up after a reconnect).");
        api.MapPost("/{id:guid}/acknowledge", (Guid id, ClaimsPrincipal user, MessageService messages, CancellationToken ct) =>
                TransitionAsync(id, user, messages.AcknowledgeAsync, ct))
            .RequireAuthorization(AuthPolicies.MessageApi).WithSummary("Acknowledge a message; idempotent.");
        api.MapPost("/{id:guid}/resolve", (Guid id, ClaimsPrincipal user, MessageService messages, CancellationToken ct) =>
                TransitionAsync(id, user, messages.ResolveAsync, ct))
            .RequireAuthorization(AuthPolicies.MessageApi).WithSummary("Resolve a message; idempotent.");
        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, MessageValidator validator, MessageService messages,
        IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var rawBody = buffer.ToArray();
        var input = ApiJson.TryRead<MessageInput>(rawBody);
        if (input is null)
        {
            return TypedResults.Problem(title: text["Api_BodyNotJson"], statusCode: StatusCodes.Status400BadRequest);
        }
        var result = validator.Validate(input, requireTenant: true);
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

    private static async Task<IResult> CreatedAsync(AppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var dto = await db.FindDtoAsync(id, cancellationToken);
        return TypedResults.Created($"/api/v1/messages/{id}", dto);
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> GetAsync(
        Guid id, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dto = await db.FindDtoAsync(id, cancellationToken);
        return dto is null ? NotFound(text) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> ListAsync(
        string? tenant, MessageStatus? status, Urgency? urgency, DateTimeOffset? since, int? limit,
        IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
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
        var filter = new MessageQueries.Filter(tenantId, status, urgency, since, Math.Clamp(limit ?? 200, 1, 1000));
        return TypedResults.Ok(await db.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> TransitionAsync(
        Guid id, ClaimsPrincipal user, Func<Guid, Actor, CancellationToken, Task<TransitionResult>> transition, CancellationToken cancellationToken)
    {
        var result = await transition(id, new Actor(null, DashboardClaims.DisplayNameOf(user), ChangeChannel.Api), cancellationToken);
        return result.Message is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(result.Message);
    }

    private static ProblemHttpResult NotFound(IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text["Api_MessageNotFound"], statusCode: StatusCodes.Status404NotFound);
}
