using Dashboard.Data;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Contacts;

/// <summary>What a save did: the stored contact, or the messages for the fields that were wrong.</summary>
public sealed record ContactSaveResult(Contact? Contact, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Contact is not null;
}

/// <summary>
/// Creates and changes contacts through tracked entities, so the audit log records each change with its actor.
/// The tenant context's query filters decide what can be found: another tenant's contact is simply not there.
/// A changed phone or e-mail loses its verified stamp: the old test proved nothing about the new address.
/// </summary>
public sealed class ContactEditor(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time)
{
    public async Task<ContactSaveResult> SaveAsync(Guid tenantId, Guid? contactId, ContactInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var clean = ContactRules.Validate(input, text, errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (clean?.UserId is { } userId
            && !await db.Users.AnyAsync(u => u.Id == userId && u.TenantId == tenantId, cancellationToken))
        {
            errors[ContactField.User] = text["Contact_UserNotInTenant"];
        }
        if (clean is null || errors.Count > 0)
        {
            return new ContactSaveResult(null, errors);
        }
        Contact contact;
        if (contactId is { } id)
        {
            contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.TenantId == tenantId, cancellationToken)
                ?? throw new ContactNotFoundException(id);
        }
        else
        {
            contact = new Contact { TenantId = tenantId, Name = clean.Name };
            db.Contacts.Add(contact);
        }
        Apply(contact, clean);
        await db.SaveChangesAsync(cancellationToken);
        return new ContactSaveResult(contact, errors);
    }

    /// <summary>A client staff member's own contact (the one linked to their user), created on first save.</summary>
    public async Task<ContactSaveResult> SaveOwnAsync(Guid tenantId, Guid userId, string displayName, ContactInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        var clean = ContactRules.Validate(input, text, errors, nameRequired: false);
        if (clean is null)
        {
            return new ContactSaveResult(null, errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.UserId == userId && c.TenantId == tenantId, cancellationToken);
        if (contact is null)
        {
            contact = new Contact { TenantId = tenantId, Name = displayName, UserId = userId };
            db.Contacts.Add(contact);
        }
        // Staff change how they are reached, not who they are or whom the contact belongs to.
        Apply(contact, clean with { Name = contact.Name, UserId = userId });
        await db.SaveChangesAsync(cancellationToken);
        return new ContactSaveResult(contact, errors);
    }

    public Task SetActiveAsync(Guid tenantId, Guid contactId, bool active, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, contactId, c => c.IsActive = active, cancellationToken);

    /// <summary>An account manager confirms the address works (they spoke to the person, or the test arrived): the actor is audited.</summary>
    public Task MarkVerifiedAsync(Guid tenantId, Guid contactId, ContactAddress address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(tenantId, contactId, c => c.MarkVerified(address, now), cancellationToken);
    }

    private async Task ChangeAsync(Guid tenantId, Guid contactId, Action<Contact> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId && c.TenantId == tenantId, cancellationToken)
            ?? throw new ContactNotFoundException(contactId);
        change(contact);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Apply(Contact contact, CleanContact clean)
    {
        if (!string.Equals(contact.Email, clean.Email, StringComparison.OrdinalIgnoreCase))
        {
            contact.EmailVerifiedAt = null;
        }
        if (contact.Phone != clean.Phone)
        {
            contact.PhoneVerifiedAt = null;
        }
        contact.Name = clean.Name;
        contact.Email = clean.Email;
        contact.Phone = clean.Phone;
        contact.Language = clean.Language;
        contact.UserId = clean.UserId;
    }
}

/// <summary>No such contact in the tenants the reader may see (it may exist in another tenant: the caller answers 404).</summary>
public sealed class ContactNotFoundException(Guid id) : InvalidOperationException($"Contact {id} not found.");
