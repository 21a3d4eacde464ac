using Dashboard.Data;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// The number a tenant's callers see when staff call them back through the service (「折り返す」): E.164, a number the
/// Twilio account may present (its own or a verified one). An account manager's setting, audited. No row: no bridge.
/// </summary>
[Audit.Audited]
public sealed class OutgoingCallerId : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string Number { get; set; } = "";
}
