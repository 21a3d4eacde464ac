using System.Data.Common;
using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Takes one pending attempt out of the outbox and sends it. The send happens while holding a share lock on
/// the message row, so an acknowledgement (which needs the row exclusively) either committed before, and
/// the attempt is cancelled, or waits until the send is done: nobody is contacted after an acknowledgement commits.
/// </summary>
public sealed partial class NotificationJobs(
    IServiceScopeFactory scopes, TimeProvider time, IBackgroundJobClient jobs, ILogger<NotificationJobs> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 15, 30])]
    public async Task SendAsync(Guid tenantId, Guid attemptId, CancellationToken cancellationToken)
    {
        using var activity = Observability.DashboardTelemetry.Source.StartActivity("notification.send");
        activity?.SetTag("dashboard.tenant.id", tenantId);
        activity?.SetTag("dashboard.attempt.id", attemptId);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId);
        var metrics = scope.ServiceProvider.GetRequiredService<Observability.DashboardMetrics>();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var attempt = await db.NotificationAttempts.FirstOrDefaultAsync(a => a.Id == attemptId, cancellationToken);
        if (attempt is null || attempt.Status != AttemptStatus.Pending && attempt.Status != AttemptStatus.Sending)
        {
            return; // already done: a second run of the same job changes nothing
        }
        if (attempt.Status == AttemptStatus.Sending)
        {
            // A previous run died mid-send: the call may have been placed. Never blindly repeat it.
            await MarkAsync(db, attempt, AttemptStatus.Failed, "Outcome unknown after an interrupted send; not repeated", cancellationToken);
            return;
        }

        // Claimed first, on its own connection and committed, with a conditional update: of two runs of the
        // same job only one sends, and a crash mid-send leaves "Sending" behind as a durable trace.
        var pace = scope.ServiceProvider.GetRequiredService<NotificationChannelCatalog>().Find(attempt.Channel)?.PacePerAddress ?? TimeSpan.Zero;
        var claim = await ClaimAsync(dbFactory, attempt, pace, cancellationToken);
        if (claim.RetryAt is { } retryAt)
        {
            LogPaced(logger, attemptId, retryAt);
            metrics.AttemptTried(attempt.Channel.ToString(), "paced");
            jobs.Schedule<NotificationJobs>(j => j.SendAsync(tenantId, attemptId, CancellationToken.None), retryAt);
            return;
        }
        if (!claim.Claimed)
        {
            return;
        }

        // Then the message row, shared: an acknowledgement (exclusive) either committed before, and nobody is
        // contacted, or waits until this send is done. Nothing else is awaited while this lock is held.
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {attempt.MessageId} FOR SHARE""", cancellationToken);
        var message = await db.FindDtoAsync(attempt.MessageId, cancellationToken);
        var resumedAt = message is null || message.Status == MessageStatus.New ? null
            : await db.MessageEscalations.Where(e => e.MessageId == message.Id).Select(e => e.ResumedAt).FirstOrDefaultAsync(cancellationToken);
        if (message is null || !EscalationResumption.StillWanted(message.Status, message.CalledBackAt, resumedAt))
        {
            // Never placed: it must not hold the number's minute against the next call. The claim stamped SentAt on
            // another connection, so this tracked copy does not know it: the column is written explicitly.
            attempt.SentAt = null;
            db.Entry(attempt).Property(a => a.SentAt).IsModified = true;
            await MarkAsync(db, attempt, AttemptStatus.Cancelled, null, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            metrics.AttemptTried(attempt.Channel.ToString(), "cancelled");
            return;
        }
        var outcome = await SendOnChannelAsync(scope.ServiceProvider, db, attempt, message, cancellationToken);
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                // Conditional: a provider callback that raced ahead of this commit (answered, busy...) is kept, not overwritten.
                var now = time.GetUtcNow();
                await db.NotificationAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.ProviderReference, sent.ProviderReference)
                    .SetProperty(a => a.Error, (string?)null)
                    .SetProperty(a => a.Tries, a => a.Tries + 1)
                    .SetProperty(a => a.UpdatedAt, now)
                    .SetProperty(a => a.Status, a => a.Status == AttemptStatus.Sending ? AttemptStatus.Sent : a.Status), cancellationToken);
                // Watchers of the message see the attempt go out on its timeline.
                var write = scope.ServiceProvider.GetRequiredService<MessageEvents>().For(db);
                await write.RaiseAsync(new MessageActivityChanged(attempt.TenantId, attempt.MessageId), cancellationToken);
                await tx.CommitAsync(cancellationToken);
                write.Committed();
                metrics.AttemptTried(attempt.Channel.ToString(), "sent");
                break;
            case SendOutcome.Transient transient:
                // Certainly not sent: back to pending, and Hangfire retries within the minute.
                await tx.RollbackAsync(CancellationToken.None);
                var retry = transient.Error as TransientSendException ?? new TransientSendException(transient.Why, transient.Error);
                LogTransient(logger, retry, attemptId);
                metrics.AttemptTried(attempt.Channel.ToString(), "transient");
                await SetStatusIndependentlyAsync(dbFactory, attempt.Id, AttemptStatus.Pending, transient.Why, CancellationToken.None);
                throw retry;
            case SendOutcome.Rejected rejected:
                // Certainly not sent and never will be: recorded as the provider put it, not as "unknown".
                await tx.RollbackAsync(CancellationToken.None);
                LogRejected(logger, rejected.Error ?? new RejectedSendException(rejected.Why), attemptId);
                metrics.AttemptTried(attempt.Channel.ToString(), "rejected");
                await SetStatusIndependentlyAsync(dbFactory, attempt.Id, AttemptStatus.Failed, rejected.Why, CancellationToken.None, placed: false);
                break;
            default:
                // The provider may or may not have acted: record it and do not try again.
                await tx.RollbackAsync(CancellationToken.None);
                LogUnknown(logger, (outcome as SendOutcome.Unknown)?.Error ?? new InvalidOperationException(outcome.Reason), attemptId);
                metrics.AttemptTried(attempt.Channel.ToString(), "unknown");
                await SetStatusIndependentlyAsync(dbFactory, attempt.Id, AttemptStatus.Failed, $"Outcome unknown: {outcome.Reason}", CancellationToken.None);
                break;
        }
    }

    /// <summary>The attempt as an envelope on its channel. Reading what the envelope says can fail before anything left: that is "not sent".</summary>
    private static async Task<SendOutcome> SendOnChannelAsync(
        IServiceProvider services, AppDbContext db, NotificationAttempt attempt, MessageDto message, CancellationToken cancellationToken)
    {
        var channel = services.GetServices<INotificationChannel>().For(attempt.Channel)
            ?? throw new InvalidOperationException($"No channel for {attempt.Channel} is registered.");
        NotificationEnvelope envelope;
        try
        {
            var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == attempt.TenantId, cancellationToken);
            envelope = AlertContent.Envelope(attempt, message, tenant);
        }
        catch (DbException ex)
        {
            return new SendOutcome.Transient($"Could not read what the notification needs: {ex.Message}", ex);
        }
        try
        {
            return await channel.SendAsync(envelope, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A channel reports its provider's failures as outcomes; anything else thrown may have happened after the send.
            return new SendOutcome.Unknown(ex.Message, ex);
        }
    }

    private readonly record struct Claim(bool Claimed, DateTimeOffset? RetryAt);

    /// <summary>One lock per channel and address (was "call:" and the number while only calls were paced).</summary>
    private static string PaceLockKey(NotificationChannel channel, string address) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pace:{(int)channel}:{address}");

    /// <summary>
    /// Marks the attempt Sending and stamps SentAt, unless its channel paces addresses (<see cref="ChannelDescription.PacePerAddress"/>:
    /// a phone number is called once a minute) and the same address was sent to on it less than <paramref name="pace"/> ago:
    /// then it stays pending and is tried again when the pace allows. The advisory lock on the address makes the check and
    /// the claim one step across every node.
    /// </summary>
    private async Task<Claim> ClaimAsync(IDbContextFactory<AppDbContext> dbFactory, NotificationAttempt attempt, TimeSpan pace, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (pace > TimeSpan.Zero)
        {
            var channel = attempt.Channel;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({PaceLockKey(channel, attempt.Address)}))", cancellationToken);
            // Every tenant's sends count: one person may be a contact of two clients.
            var lastSend = await db.NotificationAttempts.IgnoreQueryFilters()
                .Where(a => a.Address == attempt.Address && a.Channel == channel && a.Id != attempt.Id && a.SentAt != null)
                .MaxAsync(a => a.SentAt, cancellationToken);
            if (lastSend is { } last && now - last < pace)
            {
                var retryAt = last + pace;
                var span = pace == TimeSpan.FromMinutes(1) ? "a minute" : pace.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " seconds";
                var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Waiting until {retryAt:O}: this address was reached on this channel less than {span} ago");
                await db.NotificationAttempts.Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Error, reason).SetProperty(a => a.UpdatedAt, now), cancellationToken);
                await tx.CommitAsync(cancellationToken);
                return new Claim(false, retryAt);
            }
        }
        var claimed = await db.NotificationAttempts.Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AttemptStatus.Sending)
                .SetProperty(a => a.SentAt, now).SetProperty(a => a.UpdatedAt, now), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new Claim(claimed == 1, null);
    }

    /// <summary>Records the outcome on its own connection; <paramref name="placed"/> false (rejected, back to pending) frees the number's minute.</summary>
    private async Task SetStatusIndependentlyAsync(
        IDbContextFactory<AppDbContext> dbFactory, Guid attemptId, AttemptStatus status, string? error, CancellationToken cancellationToken, bool? placed = null)
    {
        await using var other = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var text = error is null ? null : error[..Math.Min(error.Length, 1000)];
        // Back to pending (or rejected) means certainly not sent: it no longer holds the number's minute.
        var keepSentAt = placed ?? status != AttemptStatus.Pending;
        await other.NotificationAttempts.Where(a => a.Id == attemptId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, status).SetProperty(a => a.Error, text).SetProperty(a => a.UpdatedAt, now)
            .SetProperty(a => a.SentAt, a => keepSentAt ? a.SentAt : null), cancellationToken);
    }

    private async Task MarkAsync(AppDbContext db, NotificationAttempt attempt, AttemptStatus status, string? error, CancellationToken cancellationToken)
    {
        attempt.Status = status;
        attempt.Error = error;
        attempt.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attempt {AttemptId} waits until {RetryAt}: its number was called less than a minute ago")]
    private static partial void LogPaced(ILogger logger, Guid attemptId, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {AttemptId} failed transiently; it will be retried")]
    private static partial void LogTransient(ILogger logger, Exception ex, Guid attemptId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {AttemptId} was rejected by the provider; it is not repeated")]
    private static partial void LogRejected(ILogger logger, Exception ex, Guid attemptId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Attempt {AttemptId} failed with an unknown outcome; it is not repeated")]
    private static partial void LogUnknown(ILogger logger, Exception ex, Guid attemptId);
}
