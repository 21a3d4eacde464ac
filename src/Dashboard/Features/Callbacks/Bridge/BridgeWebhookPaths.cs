namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// Where Twilio calls back for one bridge call, under the phone channel's <c>/twilio/{tenant}/...</c> scheme: the tenant is in
/// the signed path, so a callback can only act for the tenant the call was placed for.
/// </summary>
public static class BridgeWebhookPaths
{
    public const string Pattern = "/twilio/{tenantId:guid}/bridge/{bridgeId:guid}";

    /// <summary>The staff member answered: the spoken line and the &lt;Dial&gt; to the caller.</summary>
    public static string Voice(Guid tenantId, Guid bridgeId) => $"{Base(tenantId, bridgeId)}/voice";

    /// <summary>The staff member's leg: ringing, no-answer, busy, failed, completed.</summary>
    public static string Status(Guid tenantId, Guid bridgeId) => $"{Base(tenantId, bridgeId)}/status";

    /// <summary>The &lt;Dial&gt;'s action: <c>DialCallStatus</c> and <c>DialCallDuration</c> of the caller's leg.</summary>
    public static string DialStatus(Guid tenantId, Guid bridgeId) => $"{Base(tenantId, bridgeId)}/dial-status";

    private static string Base(Guid tenantId, Guid bridgeId) => $"twilio/{tenantId:D}/bridge/{bridgeId:D}";
}
