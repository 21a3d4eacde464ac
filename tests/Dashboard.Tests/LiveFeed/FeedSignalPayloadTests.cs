using System.Diagnostics;
using Dashboard.Features.LiveFeed;

namespace Dashboard.Tests.LiveFeed;

/// <summary>The NOTIFY payload stays readable across versions: nodes of two versions run side by side during a rolling deploy.</summary>
public sealed class FeedSignalPayloadTests
{
    private static readonly Guid Tenant = Guid.Parse("0b8f8f3e-6a4c-4a53-9d1f-3f2b6c1d2e10");
    private static readonly Guid Message = Guid.Parse("7c2d9a41-1f0e-4f4b-8a3e-5b6c7d8e9f01");
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void OldThreeFieldPayload_StillParses_WithoutATrace()
    {
        var signal = FeedSignal.Parse($"c|{Tenant}|{Message}");

        Assert.Equal(new FeedSignal(FeedChangeKind.Created, Tenant, Message), signal);
        Assert.Null(signal!.ParentContext);
    }

    [Fact]
    public void PayloadWithATraceParent_ParsesIntoTheWritersTraceContext()
    {
        var signal = FeedSignal.Parse($"u|{Tenant}|{Message}|{TraceParent}");

        Assert.NotNull(signal);
        Assert.Equal(FeedChangeKind.Updated, signal.Kind);
        Assert.Equal(Message, signal.MessageId);
        var parent = signal.ParentContext!.Value;
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", parent.TraceId.ToHexString());
        Assert.Equal("00f067aa0ba902b7", parent.SpanId.ToHexString());
        Assert.True(parent.IsRemote);
    }

    [Fact]
    public void BrokenTraceParent_OrFieldsOfALaterVersion_StillDeliverThePush()
    {
        var broken = FeedSignal.Parse($"c|{Tenant}|{Message}|not-a-traceparent");
        var later = FeedSignal.Parse($"c|{Tenant}|{Message}|{TraceParent}|some-future-field");

        Assert.Equal(Message, broken!.MessageId);
        Assert.Null(broken.ParentContext);
        Assert.Equal(TraceParent, later!.TraceParent);
    }

    [Fact]
    public void PayloadRoundTrips_WithAndWithoutTheTrace()
    {
        var plain = new FeedSignal(FeedChangeKind.Created, Tenant, Message);
        var traced = plain with { TraceParent = TraceParent };

        Assert.Equal(3, plain.ToPayload().Split('|').Length);
        Assert.Equal(plain, FeedSignal.Parse(plain.ToPayload()));
        Assert.Equal(traced, FeedSignal.Parse(traced.ToPayload()));
    }

    [Fact]
    public void WithCurrentTrace_TakesTheCurrentActivity()
    {
        using var activity = new Activity("writer").SetIdFormat(ActivityIdFormat.W3C).Start();

        var signal = new FeedSignal(FeedChangeKind.Created, Tenant, Message).WithCurrentTrace();

        Assert.Equal(activity.TraceId, signal.ParentContext!.Value.TraceId);
        Assert.Equal(activity.SpanId, signal.ParentContext!.Value.SpanId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c|not-a-guid|7c2d9a41-1f0e-4f4b-8a3e-5b6c7d8e9f01")]
    [InlineData("c|0b8f8f3e-6a4c-4a53-9d1f-3f2b6c1d2e10")]
    public void MalformedPayload_IsIgnored(string payload) => Assert.Null(FeedSignal.Parse(payload));
}
