using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Contacts;

public enum VerifyLinkOutcome
{
    /// <summary>The address can be confirmed: the page offers the button.</summary>
    Open,
    JustVerified,
    AlreadyVerified,
    /// <summary>The contact's address is no longer the one the test e-mail went to.</summary>
    AddressChanged,
    Expired,
    Invalid,
}

/// <summary>What the verify page shows for a link.</summary>
public sealed record VerifyView(VerifyLinkOutcome Outcome, string? ContactName = null, string? TenantName = null, string? Address = null);

/// <summary>
/// The test e-mail's "this address works" link. Opening it only reads (mail scanners open every link);
/// confirming is a separate POST. The token names the tenant, which alone becomes the request's tenant.
/// </summary>
public sealed class VerifyLinks(VerifyTokens tokens, TenantContext tenant, IDbContextFactory<AppDbContext> dbFactory, ContactVerification verification)
{
    public async Task<VerifyView> OpenAsync(string? token, CancellationToken cancellationToken) =>
        (await FindAsync(token, cancellationToken)).View;

    public async Task<VerifyView> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var (view, claims) = await FindAsync(token, cancellationToken);
        if (view.Outcome != VerifyLinkOutcome.Open || claims is null)
        {
            return view;
        }
        var outcome = await verification.ConfirmAsync(claims.ContactId, ContactAddress.Email, claims.IsFor, ChangeChannel.EmailLink, cancellationToken);
        return view with
        {
            Outcome = outcome switch
            {
                VerificationOutcome.Verified => VerifyLinkOutcome.JustVerified,
                VerificationOutcome.AlreadyVerified => VerifyLinkOutcome.AlreadyVerified,
                VerificationOutcome.AddressChanged => VerifyLinkOutcome.AddressChanged,
                _ => VerifyLinkOutcome.Invalid,
            },
        };
    }

    private async Task<(VerifyView View, VerifyClaims? Claims)> FindAsync(string? token, CancellationToken cancellationToken)
    {
        var validity = tokens.Read(token, out var claims);
        if (validity != TokenValidity.Valid || claims is null)
        {
            return (new VerifyView(validity == TokenValidity.Expired ? VerifyLinkOutcome.Expired : VerifyLinkOutcome.Invalid), null);
        }
        tenant.SetTenant(claims.TenantId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claims.ContactId, cancellationToken);
        var tenantName = await db.Tenants.Where(t => t.Id == claims.TenantId).Select(t => t.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (contact is null || tenantName is null)
        {
            return (new VerifyView(VerifyLinkOutcome.Invalid), null);
        }
        if (contact.Email is null || !claims.IsFor(contact.Email))
        {
            return (new VerifyView(VerifyLinkOutcome.AddressChanged, contact.Name, tenantName), claims);
        }
        var outcome = contact.EmailVerifiedAt is null ? VerifyLinkOutcome.Open : VerifyLinkOutcome.AlreadyVerified;
        return (new VerifyView(outcome, contact.Name, tenantName, contact.Email), claims);
    }
}
