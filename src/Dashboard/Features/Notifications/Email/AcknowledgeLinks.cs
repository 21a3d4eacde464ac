using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Notifications.Email;

public enum LinkOutcome
{
    /// <summary>Nobody has taken the message yet: the page offers the Acknowledge button.</summary>
    Open,
    /// <summary>This request acknowledged it: escalation stops, nobody else is contacted.</summary>
    JustAcknowledged,
    /// <summary>Somebody (through any channel) took it before: nothing changed.</summary>
    TakenByOther,
    /// <summary>This link already acknowledged the message.</summary>
    Used,
    Expired,
    Invalid,
}

/// <summary>What the acknowledge page shows for a link.</summary>
public sealed record LinkView(LinkOutcome Outcome, MessageDto? Message = null, string? TenantName = null, TimeZoneInfo? TimeZone = null, string? RecipientName = null);

/// <summary>
/// The acknowledge link's rules. Opening it only reads (mail scanners open every link); acknowledging is a
/// separate POST. The token names the tenant, and that alone becomes the request's tenant: the attempt is
/// looked up under it, and must be the very attempt, message and person the token was made for.
/// </summary>
public sealed class AcknowledgeLinks(
    AcknowledgeTokens tokens, TenantContext tenant, IDbContextFactory<AppDbContext> dbFactory, MessageService messages, AttemptOutcomes outcomes)
{
    /// <summary>Attempt states an acknowledgement moves on from. Failed is included: an "outcome unknown" mail may well have arrived.</summary>
    private static readonly AttemptStatus[] Acknowledgeable = [AttemptStatus.Sent, AttemptStatus.Delivered, AttemptStatus.Failed];

    public async Task<LinkView> OpenAsync(string? token, CancellationToken cancellationToken) =>
        (await FindAsync(token, cancellationToken)).View;

    public async Task<LinkView> AcknowledgeAsync(string? token, CancellationToken cancellationToken)
    {
        var (view, attempt) = await FindAsync(token, cancellationToken);
        if (view.Outcome != LinkOutcome.Open || attempt is null)
        {
            return view;
        }
        var result = await messages.AcknowledgeAsync(attempt.MessageId, new Actor(null, attempt.RecipientName, ChangeChannel.EmailLink), cancellationToken);
        if (result.Outcome != TransitionOutcome.Changed)
        {
            // Somebody else won the race between opening the page and pressing the button.
            return view with { Outcome = LinkOutcome.TakenByOther, Message = result.Message ?? view.Message };
        }
        // The attempt reaching Acknowledged is what uses the link up.
        await outcomes.MoveAsync(attempt.Id, Acknowledgeable, AttemptStatus.Acknowledged, null, cancellationToken);
        return view with { Outcome = LinkOutcome.JustAcknowledged, Message = result.Message };
    }

    private async Task<(LinkView View, NotificationAttempt? Attempt)> FindAsync(string? token, CancellationToken cancellationToken)
    {
        var validity = tokens.Read(token, out var claims);
        if (validity != TokenValidity.Valid || claims is null)
        {
            return (new LinkView(validity == TokenValidity.Expired ? LinkOutcome.Expired : LinkOutcome.Invalid), null);
        }
        tenant.SetTenant(claims.TenantId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = await db.NotificationAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == claims.AttemptId, cancellationToken);
        var message = attempt is null ? null : await db.FindDtoAsync(attempt.MessageId, cancellationToken);
        var owner = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == claims.TenantId, cancellationToken);
        if (attempt is null || !claims.Matches(attempt) || message is null || owner is null)
        {
            return (new LinkView(LinkOutcome.Invalid), null);
        }
        var outcome = attempt.Status == AttemptStatus.Acknowledged ? LinkOutcome.Used
            : message.Status != MessageStatus.New ? LinkOutcome.TakenByOther
            : LinkOutcome.Open;
        return (new LinkView(outcome, message, owner.DisplayName, owner.TimeZone, attempt.RecipientName), attempt);
    }
}
