using Dashboard.Features.Accounts;
using Dashboard.Features.Administration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Administration;

/// <summary>
/// Administration replaces Accounts' sign-in manager and circuit user only through Accounts' extension point
/// (UseUserStandingCheck), so registering features in the wrong order fails at start-up instead of silently
/// leaving the defaults (which would let a deactivated user keep signing in).
/// </summary>
public sealed class RegistrationOrderTests
{
    [Fact]
    public void TheUserStandingCheckBeforeAccountsFailsAtStartUp()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.UseUserStandingCheck<ActiveUserSignInManager, ActiveUserAuthenticationStateProvider>());
        Assert.Contains("AddAccounts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondUserStandingCheckIsRefused()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddAccounts();
        builder.Services.UseUserStandingCheck<ActiveUserSignInManager, ActiveUserAuthenticationStateProvider>();

        var error = Assert.Throws<InvalidOperationException>(() =>
            builder.Services.UseUserStandingCheck<ActiveUserSignInManager, ActiveUserAuthenticationStateProvider>());
        Assert.Contains(nameof(ActiveUserSignInManager), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdministrationBeforeEscalationFailsAtStartUp()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddAccounts();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddAdministration());
        Assert.Contains("AddEscalation", error.Message, StringComparison.Ordinal);
    }
}
