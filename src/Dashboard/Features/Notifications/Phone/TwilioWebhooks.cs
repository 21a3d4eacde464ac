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
        var twilio = app.MapTwilioGroup(PhoneWebhookPaths.Pattern);
        twilio.MapPost("/voice", VoiceAsync);
        twilio.MapPost("/gather", GatherAsync);
        twilio.MapPost("/status", StatusAsync);
        return app;
    }

    private static ReplyPath PathOf(Guid tenantId, Guid attemptId) => new(ReplyMeaning.Acknowledge, tenantId, attemptId);

    /// <summary>The call was answered: say so, and read the message (or say who already took it).</summary>
    private static async Task<IResult> VoiceAsync(Guid tenantId, Guid attemptId, HttpRequest request, IEnumerable<INotificationReplyHandler> replies,
        CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        var handler = replies.For(ReplyMeaning.Acknowledge);
        var path = PathOf(tenantId, attemptId);
        if (await CallAsync(handler, path, cancellationToken) is not { } call)
        {
            return Results.NotFound();
        }
        await handler.ReportAsync(path, new DeliveryReport(NotificationChannel.PhoneCall, DeliveryEvent.Answered, CallSid(request)), cancellationToken);
        return Results.Content(ReadingOrTaken(path, call, script, urls), Xml);
    }

    /// <summary>1 acknowledges, 2 reads the message again, anything else offers the choices again.</summary>
    private static async Task<IResult> GatherAsync(Guid tenantId, Guid attemptId, HttpRequest request, IEnumerable<INotificationReplyHandler> replies,
        CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        var handler = replies.For(ReplyMeaning.Acknowledge);
        var path = PathOf(tenantId, attemptId);
        if (await CallAsync(handler, path, cancellationToken) is not { } call)
        {
            return Results.NotFound();
        }
        var language = call.Language;
        switch (TwilioSignatureFilter.Field(request, "Digits"))
        {
            case "1":
                var result = await handler.ReplyAsync(path, NotificationChannel.PhoneCall, TwilioSignatureFilter.Field(request, "To"), cancellationToken);
                return Results.Content(result.Outcome == ReplyOutcome.Done
                    ? script.Acknowledged(language)
                    : script.AlreadyTaken(language, result.DoneBy ?? call.DoneBy), Xml);
            case "2":
                return Results.Content(ReadingOrTaken(path, call, script, urls), Xml);
            default:
                return Results.Content(script.Menu(language, urls.For(PhoneWebhookPaths.Gather(tenantId, attemptId))), Xml);
        }
    }

    /// <summary>Call progress: rang, answered, no answer, busy, failed. The attempt's owner moves it forward only.</summary>
    private static async Task<IResult> StatusAsync(Guid tenantId, Guid attemptId, HttpRequest request, IEnumerable<INotificationReplyHandler> replies,
        CancellationToken cancellationToken)
    {
        var callStatus = TwilioSignatureFilter.Field(request, "CallStatus");
        var happened = EventOf(callStatus);
        var report = new DeliveryReport(NotificationChannel.PhoneCall, happened, CallSid(request), ErrorOf(happened, callStatus, request));
        return await replies.For(ReplyMeaning.Acknowledge).ReportAsync(PathOf(tenantId, attemptId), report, cancellationToken)
            ? Results.NoContent()
            : Results.NotFound();
    }

    /// <summary>An alert call: the attempt it names, placed by phone, within the signed tenant.</summary>
    private static async Task<ReplyContext?> CallAsync(INotificationReplyHandler handler, ReplyPath path, CancellationToken cancellationToken) =>
        await handler.DescribeAsync(path, cancellationToken) is { SentVia: NotificationChannel.PhoneCall, Content: AlertNotification } call ? call : null;

    private static string ReadingOrTaken(ReplyPath path, ReplyContext call, CallScript script, PublicUrls urls) =>
        call.Open
            ? script.Message(call.Language, call.Content.TenantName, ((AlertNotification)call.Content).Message, urls.For(PhoneWebhookPaths.Gather(path.TenantId, path.SubjectId)))
            : script.AlreadyTaken(call.Language, call.DoneBy);

    /// <summary>Twilio's `CallStatus` as the channel contract says it; null when it changes nothing (queued, initiated, completed after an answer...).</summary>
    internal static DeliveryEvent? EventOf(string? callStatus) => callStatus switch
    {
        "ringing" => DeliveryEvent.Delivered,
        "in-progress" or "answered" => DeliveryEvent.Answered,
        "no-answer" => DeliveryEvent.NoAnswer,
        "busy" => DeliveryEvent.Busy,
        "failed" or "canceled" => DeliveryEvent.Failed,
        _ => null,
    };

    private static string? ErrorOf(DeliveryEvent? happened, string? callStatus, HttpRequest request)
    {
        if (happened is not DeliveryEvent.Failed and not DeliveryEvent.Busy)
        {
            return null;
        }
        var code = TwilioSignatureFilter.Field(request, "ErrorCode");
        var message = TwilioSignatureFilter.Field(request, "ErrorMessage");
        return string.Join(": ", new[] { $"Twilio: {callStatus}", code is null ? null : $"error {code}", message }.Where(part => part is not null));
    }

    private static string? CallSid(HttpRequest request) => TwilioSignatureFilter.Field(request, "CallSid");
}
