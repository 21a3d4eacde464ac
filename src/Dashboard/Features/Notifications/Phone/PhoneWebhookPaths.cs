namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Where Twilio calls back for one attempt. The tenant is in the path so that the signature, which covers the
/// URL, authenticates it: a callback can only ever act for the tenant the call was placed for.
/// </summary>
public static class PhoneWebhookPaths
{
    public const string Pattern = "/twilio/{tenantId:guid}/attempts/{attemptId:guid}";

    public static string Voice(Guid tenantId, Guid attemptId) => $"{Base(tenantId, attemptId)}/voice";

    public static string Gather(Guid tenantId, Guid attemptId) => $"{Base(tenantId, attemptId)}/gather";

    public static string Status(Guid tenantId, Guid attemptId) => $"{Base(tenantId, attemptId)}/status";

    /// <summary>A test call to a contact, which belongs to no message: pressing 1 confirms the contact's number.</summary>
    public const string TestPattern = "/twilio/{tenantId:guid}/contacts/{contactId:guid}/test";

    public static string TestVoice(Guid tenantId, Guid contactId) => $"twilio/{tenantId:D}/contacts/{contactId:D}/test/voice";

    public static string TestGather(Guid tenantId, Guid contactId) => $"twilio/{tenantId:D}/contacts/{contactId:D}/test/gather";

    /// <summary>A callback reminder about a message (Features/Callbacks/Deadlines): pressing 1 snoozes it once.</summary>
    public const string ReminderPattern = "/twilio/{tenantId:guid}/callback-reminders/{messageId:guid}";

    public static string ReminderVoice(Guid tenantId, Guid messageId) => $"twilio/{tenantId:D}/callback-reminders/{messageId:D}/voice";

    public static string ReminderGather(Guid tenantId, Guid messageId) => $"twilio/{tenantId:D}/callback-reminders/{messageId:D}/gather";

    private static string Base(Guid tenantId, Guid attemptId) => $"twilio/{tenantId:D}/attempts/{attemptId:D}";
}
