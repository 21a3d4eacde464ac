using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Contacts;

public enum VerificationOutcome
{
    /// <summary>This confirmation marked the address verified.</summary>
    Verified,
    AlreadyVerified,
    /// <summary>The contact's address is no longer the one the test went to: nothing changed.</summary>
    AddressChanged,
    NotFound,
}

/// <summary>
/// The person themselves confirming that a test reached them (a keypress in a test call, a click in a test
/// e-mail). The caller has already authenticated the request and set its tenant; the change goes through a
/// tracked entity, so the audit log records it, with the contact (and how they confirmed) as the actor.
/// </summary>
public sealed class ContactVerification(IDbContextFactory<AppDbContext> dbFactory, TenantContext tenant, TimeProvider time)
{
    /// <summary>Marks the contact's <paramref name="address"/> verified if <paramref name="isTestedAddress"/> says it is still the tested one.</summary>
    public async Task<VerificationOutcome> ConfirmAsync(Guid contactId, ContactAddress address, Func<string, bool> isTestedAddress, ChangeChannel via,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isTestedAddress);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return VerificationOutcome.NotFound;
        }
        if (contact.AddressOf(address) is not { } current || !isTestedAddress(current))
        {
            return VerificationOutcome.AddressChanged;
        }
        if (contact.VerifiedAt(address) is not null)
        {
            return VerificationOutcome.AlreadyVerified;
        }
        contact.MarkVerified(address, time.GetUtcNow());
        tenant.SetActor($"{contact.Name} ({via})");
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Verified;
    }
}
