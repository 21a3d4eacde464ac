namespace Dashboard.Features.Messages;

/// <summary>What an operator (or the intake API) sends to record a call. Field names are the public contract.</summary>
public sealed class MessageInput
{
    public string? Tenant { get; set; }
    public string? CallerName { get; set; }
    public string? CallerOrganization { get; set; }
    public string? CallbackNumber { get; set; }
    public string? ForWhom { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public string? Urgency { get; set; }
    public string? OperatorNote { get; set; }
    /// <summary>Optional ISO 8601 instant; defaults to the time the message is stored.</summary>
    public string? ReceivedAt { get; set; }
}
