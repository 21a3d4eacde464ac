using Dashboard.Data;

namespace Dashboard.Features.Messages;

/// <summary>
/// One attempt by a staff member to phone the caller back (折り返し), with how it went. Several per message are normal
/// ("no answer at 10:05, reached at 10:20"); the first <see cref="CallbackOutcome.Reached"/> marks the message called back.
/// </summary>
public sealed class Callback : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public CallbackOutcome Outcome { get; set; }
    public string Note { get; set; } = "";
    /// <summary>When the call was made (the staff member may say "at 10:05"); never before the message was received.</summary>
    public DateTimeOffset CalledAt { get; set; }
    /// <summary>When it was recorded here.</summary>
    public DateTimeOffset RecordedAt { get; set; }
    public Guid? ByUserId { get; set; }
    public string ByName { get; set; } = "";
    public CallbackChannel Channel { get; set; }
    /// <summary>Only known when the call was bridged through the service's number.</summary>
    public int? DurationSeconds { get; set; }
    /// <summary>
    /// Who reported it outside the dashboard and under which key (a bridged call's "bridge:{id}"): unique per tenant, so a
    /// report that arrives twice records one callback.
    /// </summary>
    public string? SourceReference { get; set; }
}

/// <summary>話せた / 不在・留守電 / 話し中 / 番号違い. The names are the public contract.</summary>
public enum CallbackOutcome
{
    Reached = 0,
    NoAnswer = 1,
    Busy = 2,
    WrongNumber = 3,
}

/// <summary>
/// How the callback was made and recorded: from the staff member's own phone (a tel: link, recorded by hand), reported by a
/// program, or bridged through the service's number (「折り返す」: recorded from the call's outcome, with its duration).
/// </summary>
public enum CallbackChannel
{
    Phone = 0,
    Api = 1,
    Bridged = 2,
}
