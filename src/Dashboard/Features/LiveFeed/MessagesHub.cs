using Dashboard.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// Public hub for non-browser clients (public contract). A connection joins its own tenant's feed on
/// connect and there is no method to join another: the group comes from the authenticated claim only.
/// Answering-service callers (operator-centre keys, staff cookies) hear every tenant.
/// </summary>
[Authorize(Policy = AuthPolicies.FeedReader)]
public sealed class MessagesHub(Tenancy.TenantScope scope, HubConnectionRegistry registry) : Hub
{
    public const string Path = "/hubs/messages";
    public const string CreatedEvent = "messageCreated";
    public const string UpdatedEvent = "messageUpdated";
    public const string ResyncEvent = "resync";
    public const string AllTenantsGroup = "tenants:all";

    public static string TenantGroup(Guid tenantId) => $"tenant:{tenantId:N}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (DashboardClaims.SeesAllTenants(user))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllTenantsGroup, Context.ConnectionAborted);
        }
        else if (DashboardClaims.TenantIdOf(user) is { } tenantId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenantId), Context.ConnectionAborted);
        }
        else if (user.IsInRole(Roles.AccountManager) && DashboardClaims.UserIdOf(user) is { } userId)
        {
            // An account manager hears the tenants assigned to them when they connect.
            foreach (var assigned in await scope.AssignedTenantsAsync(userId, Context.ConnectionAborted))
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(assigned), Context.ConnectionAborted);
            }
        }
        else
        {
            Context.Abort();
            return;
        }
        registry.Add(Context);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
