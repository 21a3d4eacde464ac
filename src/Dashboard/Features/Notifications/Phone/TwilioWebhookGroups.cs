namespace Dashboard.Features.Notifications.Phone;

public static class TwilioWebhookGroups
{
    /// <summary>
    /// A group of Twilio webhooks: anonymous and without antiforgery (Twilio posts them), out of the public API's
    /// description, and every request checked by <see cref="TwilioSignatureFilter"/>, which also sets the signed tenant.
    /// </summary>
    public static RouteGroupBuilder MapTwilioGroup(this IEndpointRouteBuilder app, string pattern) =>
        app.MapGroup(pattern)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription()
            .AddEndpointFilter<TwilioSignatureFilter>();
}
