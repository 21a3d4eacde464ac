using System.Globalization;
using Dashboard.Data;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Phone;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// Twilio's callbacks for a bridge call: the staff member answered (say who and what, then &lt;Dial&gt; the caller), how
/// their leg went, and the &lt;Dial&gt;'s outcome. Every one is signed (<see cref="TwilioSignatureFilter"/>, which makes the
/// path's tenant the request's tenant, so another tenant's bridge is not found: 404) and safe to receive twice
/// (<see cref="BridgeOutcomes"/> moves forward only and records the callback once).
/// </summary>
public static class BridgeWebhooks
{
    private const string Xml = "text/xml; charset=utf-8";

    public static IEndpointRouteBuilder MapBridgeWebhooks(this IEndpointRouteBuilder app)
    {
        var bridge = app.MapTwilioGroup(BridgeWebhookPaths.Pattern);
        bridge.MapPost("/voice", VoiceAsync);
        bridge.MapPost("/status", StatusAsync);
        bridge.MapPost("/dial-status", DialStatusAsync);
        return app;
    }

    private static async Task<IResult> VoiceAsync(Guid tenantId, Guid bridgeId, BridgeOutcomes outcomes, IDbContextFactory<AppDbContext> dbFactory,
        BridgeScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        var bridge = await outcomes.StaffAnsweredAsync(bridgeId, cancellationToken);
        if (bridge is null || bridge.TenantId != tenantId)
        {
            return Results.NotFound();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == bridge.MessageId)
            .Select(m => new { m.CallerName, m.CallerOrganization, m.Subject }).FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return Results.NotFound();
        }
        return Results.Content(script.Connect(bridge, message.CallerName, message.CallerOrganization, message.Subject,
            urls.For(BridgeWebhookPaths.DialStatus(tenantId, bridgeId))), Xml);
    }

    /// <summary>The staff member's leg. Before they answered, no-answer / busy / failed / canceled end the bridge; the rest changes nothing.</summary>
    private static async Task<IResult> StatusAsync(Guid bridgeId, HttpRequest request, BridgeOutcomes outcomes, CancellationToken cancellationToken)
    {
        var status = TwilioSignatureFilter.Field(request, "CallStatus");
        var found = status is "no-answer" or "busy" or "failed" or "canceled"
            ? await outcomes.StaffNotReachedAsync(bridgeId, status, cancellationToken)
            : await outcomes.ExistsAsync(bridgeId, cancellationToken);
        return found ? Results.NoContent() : Results.NotFound();
    }

    private static async Task<IResult> DialStatusAsync(Guid tenantId, Guid bridgeId, HttpRequest request, BridgeOutcomes outcomes, BridgeScript script,
        CancellationToken cancellationToken)
    {
        var status = TwilioSignatureFilter.Field(request, "DialCallStatus");
        int? duration = int.TryParse(TwilioSignatureFilter.Field(request, "DialCallDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds : null;
        var result = await outcomes.DialFinishedAsync(bridgeId, status, duration, cancellationToken);
        if (result is null || result.Bridge.TenantId != tenantId)
        {
            return Results.NotFound();
        }
        return Results.Content(script.Recorded(result.Bridge.Language), Xml);
    }
}
