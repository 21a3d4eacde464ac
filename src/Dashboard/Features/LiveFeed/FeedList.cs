using Dashboard.Features.Messages;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// The messages a watcher holds, keyed by id, newest received first. Merging is idempotent and never moves
/// a message backwards: a push or reload older than what is held is ignored. This is what makes
/// "reload everything since the last one" safe: overlaps merge, they do not duplicate.
/// </summary>
public sealed class FeedList
{
    private readonly Dictionary<Guid, MessageDto> byId = [];
    private List<MessageDto>? ordered;

    public int Count => byId.Count;

    public IReadOnlyList<MessageDto> Items => ordered ??= [.. byId.Values
        .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)];

    /// <summary>The newest change held; a reconnecting watcher asks for everything changed since (a little before) this.</summary>
    public DateTimeOffset? NewestChange { get; private set; }

    /// <summary>Returns true when the message is new to this list.</summary>
    public bool Upsert(MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (NewestChange is null || message.UpdatedAt > NewestChange)
        {
            NewestChange = message.UpdatedAt;
        }
        if (byId.TryGetValue(message.Id, out var held))
        {
            if (held.UpdatedAt > message.UpdatedAt)
            {
                return false;
            }
            byId[message.Id] = message;
            ordered = null;
            return false;
        }
        byId[message.Id] = message;
        ordered = null;
        return true;
    }

    public void UpsertAll(IEnumerable<MessageDto> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            Upsert(message);
        }
    }

    public MessageDto? Find(Guid id) => byId.GetValueOrDefault(id);

    /// <summary>
    /// Keeps the newest <paramref name="newest"/> messages and any that <paramref name="alwaysKeep"/> says must stay
    /// (unresolved urgent ones), drops the rest. Returns how many were dropped. This is what bounds a watcher's memory.
    /// </summary>
    public int Trim(int newest, Func<MessageDto, bool> alwaysKeep)
    {
        ArgumentNullException.ThrowIfNull(alwaysKeep);
        var items = Items;
        var dropped = 0;
        for (var i = newest; i < items.Count; i++)
        {
            if (!alwaysKeep(items[i]))
            {
                byId.Remove(items[i].Id);
                dropped++;
            }
        }
        if (dropped > 0)
        {
            ordered = null;
        }
        return dropped;
    }

    public void Clear()
    {
        byId.Clear();
        ordered = null;
        NewestChange = null;
    }
}
