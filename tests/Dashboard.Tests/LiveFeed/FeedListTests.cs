using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;

namespace Dashboard.Tests.LiveFeed;

public sealed class FeedListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

    internal static MessageDto Dto(Guid id, DateTimeOffset receivedAt, DateTimeOffset updatedAt,
        MessageStatus status = MessageStatus.New, string? acknowledgedBy = null) =>
        new(id, "alpha-clinic", receivedAt, "山田 花子", "", "+81312345678", "院長", "用件", "", Urgency.Urgent, "", "オペレーター",
            status, acknowledgedBy is null ? null : updatedAt, acknowledgedBy, acknowledgedBy is null ? null : ChangeChannel.Dashboard,
            null, null, null, updatedAt, [], null, null, null, [], []);

    [Fact]
    public void Upsert_SameMessageTwice_HoldsItOnce()
    {
        var list = new FeedList();
        var message = Dto(Guid.CreateVersion7(), T0, T0);

        Assert.True(list.Upsert(message));
        Assert.False(list.Upsert(message));
        Assert.False(list.Upsert(message with { }));

        Assert.Equal(1, list.Count);
        Assert.Single(list.Items);
    }

    [Fact]
    public void Upsert_NewerVersion_ReplacesTheHeldOne()
    {
        var list = new FeedList();
        var id = Guid.CreateVersion7();
        list.Upsert(Dto(id, T0, T0));

        var isNew = list.Upsert(Dto(id, T0, T0.AddSeconds(5), MessageStatus.Acknowledged, "スタッフA1"));

        Assert.False(isNew);
        Assert.Equal(MessageStatus.Acknowledged, list.Find(id)!.Status);
        Assert.Equal("スタッフA1", Assert.Single(list.Items).AcknowledgedBy);
    }

    [Fact]
    public void Upsert_OlderVersion_IsIgnored()
    {
        // A catch-up read that started before the acknowledgement must not move the message back to New.
        var list = new FeedList();
        var id = Guid.CreateVersion7();
        list.Upsert(Dto(id, T0, T0.AddSeconds(5), MessageStatus.Acknowledged, "スタッフA1"));

        list.Upsert(Dto(id, T0, T0));

        Assert.Equal(MessageStatus.Acknowledged, list.Find(id)!.Status);
        Assert.Equal(T0.AddSeconds(5), list.Find(id)!.UpdatedAt);
        Assert.Equal(MessageStatus.Acknowledged, Assert.Single(list.Items).Status);
    }

    [Fact]
    public void Items_AreNewestReceivedFirst_AndStaySoAsMessagesArrive()
    {
        var list = new FeedList();
        var oldest = Dto(Guid.CreateVersion7(), T0, T0);
        var middle = Dto(Guid.CreateVersion7(), T0.AddMinutes(1), T0.AddMinutes(1));
        var newest = Dto(Guid.CreateVersion7(), T0.AddMinutes(2), T0.AddMinutes(2));

        list.Upsert(middle);
        Assert.Equal([middle.Id], list.Items.Select(m => m.Id));
        list.UpsertAll([newest, oldest]);
        Assert.Equal([newest.Id, middle.Id, oldest.Id], list.Items.Select(m => m.Id));

        // An update to the oldest (acknowledged now) does not move it up: order is by when the call came in.
        list.Upsert(Dto(oldest.Id, T0, T0.AddMinutes(10), MessageStatus.Acknowledged, "スタッフA2"));
        Assert.Equal([newest.Id, middle.Id, oldest.Id], list.Items.Select(m => m.Id));
        Assert.Equal(MessageStatus.Acknowledged, list.Items[2].Status);
    }

    [Fact]
    public void Items_ReceivedAtTheSameInstant_AreOrderedByIdDescending()
    {
        var list = new FeedList();
        var first = Dto(Guid.CreateVersion7(), T0, T0);
        var second = Dto(Guid.CreateVersion7(), T0, T0);

        list.UpsertAll([first, second]);

        Assert.Equal(new[] { first.Id, second.Id }.OrderDescending(), list.Items.Select(m => m.Id));
    }

    [Fact]
    public void NewestChange_IsTheLatestUpdateHeld_AndNeverGoesBack()
    {
        var list = new FeedList();
        Assert.Null(list.NewestChange);

        list.Upsert(Dto(Guid.CreateVersion7(), T0, T0.AddSeconds(30)));
        list.Upsert(Dto(Guid.CreateVersion7(), T0, T0.AddSeconds(10)));

        Assert.Equal(T0.AddSeconds(30), list.NewestChange);
    }

    [Fact]
    public void Clear_ForgetsEverything()
    {
        var list = new FeedList();
        var message = Dto(Guid.CreateVersion7(), T0, T0);
        list.Upsert(message);

        list.Clear();

        Assert.Equal(0, list.Count);
        Assert.Empty(list.Items);
        Assert.Null(list.NewestChange);
        Assert.Null(list.Find(message.Id));
        Assert.True(list.Upsert(message));
    }
}
