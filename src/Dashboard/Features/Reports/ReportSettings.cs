using Dashboard.Data;

namespace Dashboard.Features.Reports;

/// <summary>
/// Who receives a tenant's monthly report by e-mail, and in which language: an account manager's setting, audited like
/// the other settings. No row means nobody is mailed.
/// </summary>
[Dashboard.Features.Audit.Audited]
public sealed class ReportSettings : ITenantOwned
{
    public const int MaxRecipients = 20;

    public Guid TenantId { get; set; }

    /// <summary>Validated e-mail addresses, each at most once.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>"ja" or "en": the report e-mail's language when the address is not a contact with a language of its own.</summary>
    public string Language { get; set; } = "ja";
}
