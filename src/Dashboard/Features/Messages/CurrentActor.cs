using Dashboard.Features.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Features.Messages;

/// <summary>The signed-in user of this circuit as the author of a change made from the dashboard.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new Actor(DashboardClaims.UserIdOf(user), DashboardClaims.DisplayNameOf(user), ChangeChannel.Dashboard);
    }
}
