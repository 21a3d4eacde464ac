using System.ComponentModel;
using System.Globalization;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Messages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.History;

/// <summary>
/// The read side of the public contract: <c>GET /api/v1/messages</c> (newest first, or a catch-up with <c>since</c>)
/// with the history filters, and <c>GET /api/v1/messages/export</c>; the history page downloads the same export with
/// its cookie from <c>/history/export</c>. Tenant keys and client staff only ever see their own tenant (query filters).
/// </summary>
public static class HistoryApi
{
    private const string FilterDescription = """
        Filters: `tenant` (slug), `status` (`New`, `Acknowledged`, `Resolved`, or `CalledBack`: 折り返し済み, a reached
        callback recorded, whatever the status), `urgency` (one, or several by comma: `Urgent,Emergency`), `attention` (`exhausted`: every escalation step ran
        unanswered; `callback-overdue`: a callback deadline still running and past), `forWhom` (exact), `q` (one search box over caller, organisation,
        callback number, for whom, subject, body, the operator's note, the notes added to the message and the notes of its
        callbacks: Japanese as typed, one character is enough,
        full-width and half-width forms match, a phone number matches however it is written; words are AND-ed), `from`
        and `to` (a day `2026-03-31` in the tenant's time zone, `to` inclusive; or an ISO 8601 instant, `to` exclusive).
        """;

    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").WithTags("Messages");
        api.MapGet("/", ListAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("List messages, newest first; with 'since', every message received or changed at or after that instant, oldest change first.")
            .WithDescription($"""
                Pages by keyset. When more rows follow, the response carries a `Link: <...>; rel="next"` header whose URL is
                this request with a `cursor` added; request it until there is no such header. With `since` (catching up after
                a reconnect) the pages run in change order and never skip or repeat a change, however many there are. The body
                stays a JSON array of messages; `limit` is 1 to 1,000 (default 200).

                {FilterDescription}
                """)
            .Produces<List<MessageDto>>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/export", (HttpContext http, [FromQuery, Description("csv (UTF-8 with BOM) or xlsx")] string? format,
                    IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken ct) =>
                ExportAsync(http, format, dbFactory, text, time, ct))
            .RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("Export the filtered history as a file, newest first, streamed.")
            .WithDescription($"`format=csv` (UTF-8 with BOM, RFC 4180, the tenant's local times) or `format=xlsx`. {FilterDescription}")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        // The page's download: the signed-in user's cookie, the same filters and the same isolation.
        app.MapGet("/history/export", (HttpContext http, string? format, IDbContextFactory<AppDbContext> dbFactory,
                    IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken ct) =>
                ExportAsync(http, format, dbFactory, text, time, ct))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ListAsync(
        [FromQuery] string? tenant, [FromQuery] string? status, [FromQuery] string? urgency, [FromQuery] string? q,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? forWhom, [FromQuery] string? attention,
        [FromQuery(Name = "since")] string? sinceText,
        [FromQuery, Description("Opaque position from the previous page's Link rel=\"next\" header.")] string? cursor,
        [FromQuery(Name = "limit")] string? limitText,
        HttpContext http, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var read = await HistoryRequest.ReadAsync(name => http.Request.Query[name].FirstOrDefault(), db, text, time.GetUtcNow(), cancellationToken);
        var errors = read.Errors;
        DateTimeOffset? since = null;
        if (!string.IsNullOrEmpty(sinceText))
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
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
            if (int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
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
        if (read.TenantNotFound)
        {
            return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
        }
        if (errors.Count > 0 || read.Request is null)
        {
            return TypedResults.ValidationProblem(errors, title: text["Api_ValidationTitle"]);
        }

        var criteria = read.Request.Criteria;
        var pageSize = Math.Clamp(limit ?? 200, 1, 1000);
        // One row more than asked says whether a next page exists, without a count.
        var rows = since is { } changedFrom
            ? await db.ChangesPageAsync(criteria, changedFrom, position, pageSize + 1, cancellationToken)
            : await db.PageAsync(criteria, position, pageSize + 1, cancellationToken);
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            var last = rows[^1];
            var next = since is null ? ApiCursor.ForReceived(Keyset.ReceivedOf(last)) : ApiCursor.ForChanges(Keyset.ChangeOf(last));
            http.Response.Headers.Link = $"<{NextPageUrl(http.Request, next)}>; rel=\"next\"";
        }
        return TypedResults.Ok(rows);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string? format, IDbContextFactory<AppDbContext> dbFactory,
        IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var read = await HistoryRequest.ReadAsync(name => http.Request.Query[name].FirstOrDefault(), db, text, time.GetUtcNow(), cancellationToken);
        var errors = read.Errors;
        HistoryExport.Format? chosen = format?.Trim().ToUpperInvariant() switch
        {
            "CSV" => HistoryExport.Format.Csv,
            "XLSX" => HistoryExport.Format.Xlsx,
            _ => null,
        };
        if (chosen is null)
        {
            errors["format"] = [text["Api_ValueNotAllowed", "csv, xlsx"]];
        }
        if (read.TenantNotFound)
        {
            await db.DisposeAsync();
            return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
        }
        if (errors.Count > 0 || read.Request is null || chosen is not { } fileFormat)
        {
            await db.DisposeAsync();
            return TypedResults.ValidationProblem(errors, title: text["Api_ValidationTitle"]);
        }
        var request = read.Request;
        return Results.Stream(async body =>
            {
                await using (db)
                {
                    await HistoryExport.WriteAsync(db, request.Criteria, fileFormat, body, text, http.RequestAborted);
                }
            },
            HistoryExport.ContentType(fileFormat),
            HistoryExport.FileName(fileFormat, request.Tenant?.Slug, TimeZoneInfo.ConvertTime(time.GetUtcNow(), request.Zone)));
    }

    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = request.Query.Where(p => !string.Equals(p.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor));
        return request.PathBase + request.Path + QueryString.Create(query);
    }
}
