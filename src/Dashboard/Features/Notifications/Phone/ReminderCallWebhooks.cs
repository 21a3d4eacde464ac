namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Twilio's callbacks for a callback reminder call (see <see cref="PhoneChannel"/>): the caller still waits, who they are
/// and their number, and "press 1 if you are calling them now", which goes to the <see cref="ReplyMeaning.SnoozeCallbackReminder"/>
/// reply handler (it gives a little more time, once). Signed like every Twilio webhook; a second "1" changes nothing.
/// </summary>
public static class ReminderCallWebhooks
{
    public static IEndpointRouteBuilder MapReminderCallWebhooks(this IEndpointRouteBuilder app)
    {
        var reminder = app.MapTwilioGroup(PhoneWebhookPaths.ReminderPattern);
        reminder.MapPost("/voice", VoiceAsync);
        reminder.MapPost("/gather", GatherAsync);
        return app;
    }

    private static ReplyPath PathOf(Guid tenantId, Guid messageId) => new(ReplyMeaning.SnoozeCallbackReminder, tenantId, messageId, messageId);

    private static async Task<IResult> VoiceAsync(Guid tenantId, Guid messageId, IEnumerable<INotificationReplyHandler> replies, CallScript script, PublicUrls urls,
        CancellationToken cancellationToken)
    {
        var reminder = await replies.For(ReplyMeaning.SnoozeCallbackReminder).DescribeAsync(PathOf(tenantId, messageId), cancellationToken);
        if (reminder?.Content is not CallbackReminderNotification content)
        {
            return Results.NotFound();
        }
        return Results.Content(script.CallbackReminder(reminder.Language, content.TenantName, content.Message,
            urls.For(PhoneWebhookPaths.ReminderGather(tenantId, messageId))), TwilioWebhooks.Xml);
    }

    /// <summary>"1" snoozes the reminder (once); any other key hears it again.</summary>
    private static async Task<IResult> GatherAsync(Guid tenantId, Guid messageId, HttpRequest request, IEnumerable<INotificationReplyHandler> replies,
        CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (TwilioSignatureFilter.Field(request, "Digits") != "1")
        {
            return await VoiceAsync(tenantId, messageId, replies, script, urls, cancellationToken);
        }
        var handler = replies.For(ReplyMeaning.SnoozeCallbackReminder);
        var path = PathOf(tenantId, messageId);
        var result = await handler.ReplyAsync(path, NotificationChannel.PhoneCall, TwilioSignatureFilter.Field(request, "To"), cancellationToken);
        if (result.Outcome == ReplyOutcome.NotFound || await handler.DescribeAsync(path, cancellationToken) is not { Content: CallbackReminderNotification content } reminder)
        {
            return Results.NotFound();
        }
        return Results.Content(script.CallbackReminderAnswered(reminder.Language, result.Outcome == ReplyOutcome.Done, content.SnoozeMinutes), TwilioWebhooks.Xml);
    }
}
