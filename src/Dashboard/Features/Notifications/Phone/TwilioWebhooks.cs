using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Twilio's callbacks for a call placed by <see cref="TwilioCallSender"/>: what to say when it is answered,
/// what a keypress means, and how the call went. All are signed by Twilio (see <see cref="TwilioSignatureFilter"/>)
/// and safe to receive twice: every change goes through a forward-only or once-only path.
/// </summary>
public static class TwilioWebhooks
{
    internal const string Xml = "text/xml; charset=utf-8";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup(PhoneWebhookPaths.Pattern)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription()
            .AddEndpointFilter<TwilioSignatureFilter>();
        twilio.MapPost("/voice", VoiceAsync);
        twilio.MapPost("/gather", GatherAsync);
        twilio.MapPost("/status", StatusAsync);
        return app;
    }

    /// <summary>The call was answered: mark it so, and read the message (or say who already took it).</summary>
    private static async Task<IResult> VoiceAsync(Guid attemptId, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory,
        PhoneAcknowledgement phone, CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallAsync(db, attemptId, cancellationToken);
        if (call is null)
        {
            return Results.NotFound();
        }
        await RememberCallSidAsync(db, attemptId, TwilioSignatureFilter.Field(request, "CallSid"), cancellationToken);
        await phone.MarkAnsweredAsync(attemptId, cancellationToken);
        return Results.Content(ReadingOrTaken(call, script, urls), Xml);
    }

    /// <summary>1 acknowledges, 2 reads the message again, anything else offers the choices again.</summary>
    private static async Task<IResult> GatherAsync(Guid tenantId, Guid attemptId, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory,
        PhoneAcknowledgement phone, CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallAsync(db, attemptId, cancellationToken);
        if (call is null)
        {
            return Results.NotFound();
        }
        var language = call.Attempt.Language;
        switch (TwilioSignatureFilter.Field(request, "Digits"))
        {
            case "1":
                var result = await phone.AcknowledgeAsync(attemptId, cancellationToken);
                return Results.Content(result?.Outcome == TransitionOutcome.Changed
                    ? script.Acknowledged(language)
                    : script.AlreadyTaken(language, result?.Message?.AcknowledgedBy ?? call.Message.AcknowledgedBy), Xml);
            case "2":
                return Results.Content(ReadingOrTaken(call, script, urls), Xml);
            default:
                return Results.Content(script.Menu(language, urls.For(PhoneWebhookPaths.Gather(tenantId, attemptId))), Xml);
        }
    }

    /// <summary>Call progress: answered, no answer, busy, failed. Forward only; the call SID is kept if it was missing.</summary>
    private static async Task<IResult> StatusAsync(Guid attemptId, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory,
        AttemptOutcomes outcomes, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.NotificationAttempts.AnyAsync(a => a.Id == attemptId && a.Channel == NotificationChannel.PhoneCall, cancellationToken))
        {
            return Results.NotFound();
        }
        await RememberCallSidAsync(db, attemptId, TwilioSignatureFilter.Field(request, "CallSid"), cancellationToken);
        var callStatus = TwilioSignatureFilter.Field(request, "CallStatus");
        if (CallStatusOutcome.For(callStatus) is { } outcome)
        {
            await outcomes.MoveAsync(attemptId, outcome.From, outcome.To, ErrorOf(outcome, callStatus!, request), cancellationToken);
        }
        return Results.NoContent();
    }

    private sealed record Call(NotificationAttempt Attempt, MessageDto Message, string TenantName, bool Wanted);

    /// <summary>The attempt, its message and its tenant's name; the query filter keeps it within the signed tenant.</summary>
    private static async Task<Call?> CallAsync(AppDbContext db, Guid attemptId, CancellationToken cancellationToken)
    {
        var attempt = await db.NotificationAttempts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attemptId && a.Channel == NotificationChannel.PhoneCall, cancellationToken);
        if (attempt is null || await db.FindDtoAsync(attempt.MessageId, cancellationToken) is not { } message)
        {
            return null;
        }
        var tenantName = await db.Tenants.Where(t => t.Id == attempt.TenantId).Select(t => t.DisplayName).FirstAsync(cancellationToken);
        // A re-escalation after a missed callback deadline reads the message although it was acknowledged.
        var resumedAt = await db.MessageEscalations.Where(e => e.MessageId == attempt.MessageId).Select(e => e.ResumedAt).FirstOrDefaultAsync(cancellationToken);
        return new Call(attempt, message, tenantName, EscalationResumption.StillWanted(message.Status, message.CalledBackAt, resumedAt));
    }

    private static string ReadingOrTaken(Call call, CallScript script, PublicUrls urls) =>
        call.Wanted
            ? script.Message(call.Attempt.Language, call.TenantName, AlertContent.DetailsOf(call.Message), urls.For(PhoneWebhookPaths.Gather(call.Attempt.TenantId, call.Attempt.Id)))
            : script.AlreadyTaken(call.Attempt.Language, call.Message.AcknowledgedBy);

    private static string? ErrorOf(CallStatusOutcome outcome, string callStatus, HttpRequest request)
    {
        if (outcome.To is not AttemptStatus.Failed and not AttemptStatus.Busy)
        {
            return null;
        }
        var code = TwilioSignatureFilter.Field(request, "ErrorCode");
        var message = TwilioSignatureFilter.Field(request, "ErrorMessage");
        return string.Join(": ", new[] { $"Twilio: {callStatus}", code is null ? null : $"error {code}", message }.Where(part => part is not null));
    }

    private static Task RememberCallSidAsync(AppDbContext db, Guid attemptId, string? callSid, CancellationToken cancellationToken) =>
        callSid is null
            ? Task.CompletedTask
            : db.NotificationAttempts.Where(a => a.Id == attemptId && a.ProviderReference == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProviderReference, callSid[..Math.Min(callSid.Length, 200)]), cancellationToken);
}
