namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Twilio's callbacks for a contact's test call (see <see cref="PhoneChannel"/>): who is calling and "press 1
/// to confirm this number". Signed like every Twilio webhook; "1" goes to the <see cref="ReplyMeaning.ConfirmAddress"/>
/// reply handler with the number Twilio's signed `To` field says was called, which confirms it only if it is still the
/// contact's number.
/// </summary>
public static class TestCallWebhooks
{
    public static IEndpointRouteBuilder MapTestCallWebhooks(this IEndpointRouteBuilder app)
    {
        var test = app.MapTwilioGroup(PhoneWebhookPaths.TestPattern);
        test.MapPost("/voice", VoiceAsync);
        test.MapPost("/gather", GatherAsync);
        return app;
    }

    private static ReplyPath PathOf(Guid tenantId, Guid contactId) => new(ReplyMeaning.ConfirmAddress, tenantId, contactId);

    private static async Task<IResult> VoiceAsync(Guid tenantId, Guid contactId, IEnumerable<INotificationReplyHandler> replies, CallScript script, PublicUrls urls,
        CancellationToken cancellationToken)
    {
        var test = await replies.For(ReplyMeaning.ConfirmAddress).DescribeAsync(PathOf(tenantId, contactId), cancellationToken);
        if (test is null)
        {
            return Results.NotFound();
        }
        return Results.Content(script.TestCall(test.Language, test.Content.TenantName, urls.For(PhoneWebhookPaths.TestGather(tenantId, contactId))), TwilioWebhooks.Xml);
    }

    /// <summary>"1" confirms the number; any other key hears the question again.</summary>
    private static async Task<IResult> GatherAsync(Guid tenantId, Guid contactId, HttpRequest request, IEnumerable<INotificationReplyHandler> replies,
        CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (TwilioSignatureFilter.Field(request, "Digits") != "1")
        {
            return await VoiceAsync(tenantId, contactId, replies, script, urls, cancellationToken);
        }
        var handler = replies.For(ReplyMeaning.ConfirmAddress);
        var path = PathOf(tenantId, contactId);
        var result = await handler.ReplyAsync(path, NotificationChannel.PhoneCall, TwilioSignatureFilter.Field(request, "To"), cancellationToken);
        if (result.Outcome == ReplyOutcome.NotFound || await handler.DescribeAsync(path, cancellationToken) is not { } test)
        {
            return Results.NotFound();
        }
        return Results.Content(script.TestAnswered(test.Language, result.Outcome != ReplyOutcome.NoLongerApplies), TwilioWebhooks.Xml);
    }
}
