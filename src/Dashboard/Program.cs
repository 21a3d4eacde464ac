using Dashboard.Components;
using Dashboard.Components.Pages;
using Dashboard.Data;
using Dashboard.Features.AccountManagement;
using Dashboard.Features.Accounts;
using Dashboard.Features.Administration;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Callbacks.Bridge;
using Dashboard.Features.Callbacks.Deadlines;
using Dashboard.Features.Contacts;
using Dashboard.Features.Demo;
using Dashboard.Features.Errors;
using Dashboard.Features.Escalation;
using Dashboard.Features.Health;
using Dashboard.Features.History;
using Dashboard.Features.Intake;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Localization;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Observability;
using Dashboard.Features.Reports;
using Dashboard.Features.Retention;
using Dashboard.Features.Security;
using Dashboard.Features.SelfService;
using Dashboard.Features.Tenancy;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

builder.AddObservability();
builder.AddErrorHandling();
builder.AddWebSecurity();
builder.AddDatabase();
builder.AddDashboardLocalization();
builder.AddAccounts();
builder.AddTenancy();
builder.AddApiKeys();
builder.AddMessages();
builder.AddLiveFeed();
builder.AddHistory();
builder.AddEscalation();
builder.AddCallbackDeadlines();
builder.AddNotifications();
builder.AddContacts();
builder.AddCallbackBridge();
builder.AddAccountManagement();
builder.AddAdministration();
builder.AddSelfService();
builder.AddIntake();
builder.AddReports();
builder.AddRetention();
builder.AddDemo();

// Feedback appears at the bottom, where it does not cover the page's header on a phone.
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

app.UseWebSecurity(app.Environment);
app.UseErrorHandling();
app.UseNotFoundPageForBrowsers();
// Routing after the not-found page, so its re-run of the request is routed to /not-found.
app.UseRouting();
app.UseRequestLocalization();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantContext();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapObservability();
app.MapOpenApi();
app.MapDashboardLocalization();
app.MapAccountEndpoints();
app.MapMessagesApi();
app.MapHistory();
app.MapAccountManagement();
app.MapLiveFeed();
app.MapNotifications();
app.MapCallbackBridge();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.MigrateIfConfiguredAsync();
app.RemoveRetiredEscalationJobs();
app.MapAdministration();
app.MapReports();
app.MapRetention();
await app.SeedDemoIfConfiguredAsync();
await app.RunAsync();

/// <summary>Entry point; public so the test host and benchmarks can start the app.</summary>
public partial class Program;
