using System.Security.Claims;
using Dashboard.Features.Accounts;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Messages;

/// <summary>
/// Callbacks and notes on a message through the public API (tenant keys for their own tenant, operator-centre keys for
/// any): 201 with what was recorded, 404 for another tenant's message, 400 naming the field for any bad input.
/// </summary>
public static class FollowUpsApi
{
    /// <summary>Far above a note at its limit, escaped; a larger body is refused before it is read (413).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapFollowUpsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/{id}/callbacks", RecordCallbackAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("Record an attempt to call the caller back (折り返し). The first Reached marks the message called back.")
            .WithDescription("""
                `outcome` is one of Reached, NoAnswer, Busy, WrongNumber; `note` is optional (up to 2,000 characters); `calledAt`
                (ISO 8601) defaults to now and may be neither before the message was received nor more than 2 minutes ahead.
                The first Reached callback sets the message's `calledBackAt` once; later attempts never move it. An attempt on
                a message nobody has acknowledged acknowledges it (whoever calls back has taken it). Answers 201 with the callback
                (`channel` Api here; the message JSON also shows Phone, recorded on the dashboard, and Bridged, recorded from a
                「折り返す」 call through the service's number with its `durationSeconds`).
                """)
            .Accepts<CallbackInput>("application/json")
            .Produces<CallbackDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/{id}/notes", AddNoteAsync).RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("Add a note to a message's timeline (`text`, up to 2,000 characters). Answers 201 with the note.")
            .Accepts<NoteInput>("application/json")
            .Produces<NoteDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    private static async Task<IResult> RecordCallbackAsync(string id, HttpRequest request, ClaimsPrincipal user,
        FollowUpValidator validator, FollowUpService followUps, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (messageId, input, problem) = await ReadAsync<CallbackInput>(id, request, text, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var valid = validator.Validate(input!);
        if (!valid.IsValid)
        {
            return TypedResults.ValidationProblem(valid.Errors, title: text["Api_ValidationTitle"]);
        }
        var result = await followUps.RecordCallbackAsync(messageId, valid.Value!, ApiActor(user), CallbackChannel.Api, cancellationToken);
        return result.Outcome switch
        {
            FollowUpOutcome.NotFound => MessagesApi.NotFound(text),
            FollowUpOutcome.CalledAtBeforeReceived => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["calledAt"] = [validator.CalledAtBeforeReceived()] }, title: text["Api_ValidationTitle"]),
            _ => TypedResults.Created($"/api/v1/messages/{messageId}", result.Message!.Callbacks.Single(c => c.Id == result.Id)),
        };
    }

    private static async Task<IResult> AddNoteAsync(string id, HttpRequest request, ClaimsPrincipal user,
        FollowUpValidator validator, FollowUpService followUps, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (messageId, input, problem) = await ReadAsync<NoteInput>(id, request, text, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var valid = validator.Validate(input!);
        if (!valid.IsValid)
        {
            return TypedResults.ValidationProblem(valid.Errors, title: text["Api_ValidationTitle"]);
        }
        var result = await followUps.AddNoteAsync(messageId, valid.Value!, ApiActor(user), cancellationToken);
        return result.Outcome == FollowUpOutcome.NotFound
            ? MessagesApi.NotFound(text)
            : TypedResults.Created($"/api/v1/messages/{messageId}", result.Message!.Notes.Single(n => n.Id == result.Id));
    }

    private static Actor ApiActor(ClaimsPrincipal user) => new(null, DashboardClaims.DisplayNameOf(user), ChangeChannel.Api);

    /// <summary>The id and the body, or the problem that answers instead: a bad id or a body that is too large or not the right JSON.</summary>
    private static async Task<(Guid Id, T? Input, IResult? Problem)> ReadAsync<T>(string id, HttpRequest request,
        IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) where T : class
    {
        if (!Guid.TryParse(id, out var messageId))
        {
            return (default, null, MessagesApi.BadId(text));
        }
        var body = await MessagesApi.ReadBodyAsync(request, cancellationToken, MaxBodyBytes);
        if (body is null)
        {
            return (messageId, null, TypedResults.Problem(title: text["Api_BodyTooLarge"], detail: text["Api_BodyTooLargeDetail", MaxBodyBytes / 1024],
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        var input = ApiJson.TryRead<T>(body, out var badField);
        if (input is null)
        {
            return (messageId, null, badField is null
                ? TypedResults.Problem(title: text["Api_BodyNotJson"], statusCode: StatusCodes.Status400BadRequest)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [badField] = [text["Api_FieldWrongType"]] }, title: text["Api_ValidationTitle"]));
        }
        return (messageId, input, null);
    }
}
