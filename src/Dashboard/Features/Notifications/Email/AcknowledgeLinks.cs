using Dashboard.Data;
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
/// separate POST. The token names the tenant, and that alone becomes the request's tenant: the send is looked up
/// under it, through the acknowledge reply handler, and must be the very attempt, message and person the token was made for.
/// </summary>
public sealed class AcknowledgeLinks(
    AcknowledgeTokens tokens, TenantContext tenant, IDbContextFactory<AppDbContext> dbFactory, IEnumerable<INotificationReplyHandler> replies)
{
    private INotificationReplyHandler Handler => replies.For(ReplyMeaning.Acknowledge);

    public async Task<LinkView> OpenAsync(string? token, CancellationToken cancellationToken) =>
        (await FindAsync(token, cancellationToken)).View;

    public async Task<LinkView> AcknowledgeAsync(string? token, CancellationToken cancellationToken)
    {
        var (view, claims) = await FindAsync(token, cancellationToken);
        if (view.Outcome != LinkOutcome.Open || claims is null)
        {
            return view;
        }
        var result = await Handler.ReplyAsync(claims.Path, NotificationChannel.Email, null, cancellationToken);
        var now = await MessageAsync(claims.MessageId, cancellationToken) ?? view.Message;
        return result.Outcome switch
        {
            ReplyOutcome.Done => view with { Outcome = LinkOutcome.JustAcknowledged, Message = now },
            ReplyOutcome.NotFound => new LinkView(LinkOutcome.Invalid),
            // Somebody else won the race between opening the page and pressing the button.
            _ => view with { Outcome = LinkOutcome.TakenByOther, Message = now },
        };
    }

    private async Task<(LinkView View, AcknowledgeClaims? Claims)> FindAsync(string? token, CancellationToken cancellationToken)
    {
        var validity = tokens.Read(token, out var claims);
        if (validity != TokenValidity.Valid || claims is null)
        {
            return (new LinkView(validity == TokenValidity.Expired ? LinkOutcome.Expired : LinkOutcome.Invalid), null);
        }
        tenant.SetTenant(claims.TenantId);
        var send = await Handler.DescribeAsync(claims.Path, cancellationToken);
        if (send is null || !claims.Matches(send.SentVia, send.SentTo) || send.Content is not AlertNotification alert)
        {
            return (new LinkView(LinkOutcome.Invalid), null);
        }
        var message = await MessageAsync(claims.MessageId, cancellationToken);
        if (message is null)
        {
            return (new LinkView(LinkOutcome.Invalid), null);
        }
        var outcome = send.DoneHere ? LinkOutcome.Used : send.Open ? LinkOutcome.Open : LinkOutcome.TakenByOther;
        return (new LinkView(outcome, message, alert.TenantName, alert.TimeZone, send.RecipientName), claims);
    }

    private async Task<MessageDto?> MessageAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FindDtoAsync(messageId, cancellationToken);
    }
}
