using Dashboard.Data;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Contacts;

/// <summary>
/// Contacts' side of the channels' reply contract: a reply to a test ("1" on a test call) confirms the contact's address,
/// if it is still the one the channel reached.
/// </summary>
public sealed class AddressConfirmationReplies(IDbContextFactory<AppDbContext> dbFactory, ContactVerification verification, NotificationChannelCatalog channels)
    : INotificationReplyHandler
{
    public ReplyMeaning Meaning => ReplyMeaning.ConfirmAddress;

    public async Task<ReplyContext?> DescribeAsync(ReplyPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == path.SubjectId, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var tenantName = await db.Tenants.Where(t => t.Id == path.TenantId).Select(t => t.DisplayName).FirstAsync(cancellationToken);
        return new ReplyContext(contact.Name, contact.Language, new TestNotification(tenantName), Open: true);
    }

    /// <summary>A test send keeps no progress: only the reply counts.</summary>
    public Task<bool> ReportAsync(ReplyPath path, DeliveryReport report, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<ReplyResult> ReplyAsync(ReplyPath path, NotificationChannel via, string? reachedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The channel replied through says which of the contact's addresses it reached, and how the reply is recorded.
        if (channels.Find(via) is not { } channel)
        {
            return new ReplyResult(ReplyOutcome.NotFound);
        }
        var outcome = await verification.ConfirmAsync(path.SubjectId, channel.Address, address => string.Equals(address, reachedAt, StringComparison.Ordinal),
            channel.RepliesAs, cancellationToken);
        return new ReplyResult(outcome switch
        {
            VerificationOutcome.Verified => ReplyOutcome.Done,
            VerificationOutcome.AlreadyVerified => ReplyOutcome.AlreadyDone,
            VerificationOutcome.AddressChanged => ReplyOutcome.NoLongerApplies,
            _ => ReplyOutcome.NotFound,
        });
    }
}
