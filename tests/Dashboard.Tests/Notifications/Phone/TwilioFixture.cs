using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Notifications.Phone;

/// <summary>The app with its phone channel pointed at a <see cref="TwilioStub"/> instead of Twilio.</summary>
public sealed class TwilioFixture : AppFixture
{
    public TwilioStub Stub { get; private set; } = default!;

    protected override async ValueTask ConfigureAppAsync(DashboardApp app)
    {
        Stub = await TwilioStub.StartAsync();
        app.Settings["Twilio:BaseUrl"] = Stub.BaseUrl.ToString();
        app.Settings["Twilio:AccountSid"] = TwilioStub.AccountSid;
        app.Settings["Twilio:AuthToken"] = TwilioStub.AuthToken;
        app.Settings["Twilio:FromNumber"] = TwilioStub.FromNumber;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
