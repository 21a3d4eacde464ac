using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Demo;

/// <summary>Seeds the demo once (it checks for the demo tenants first), so running the app again reuses the data.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<AppDbContext> dbFactory, UserManager<ApplicationUser> users, RoleManager<IdentityRole<Guid>> roles,
    ApiKeyService apiKeys, MessageService messages, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync(roles);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Tenants.AnyAsync(t => t.Slug == DemoAccounts.SakuraSlug, cancellationToken))
        {
            return;
        }
        var sakura = new Tenant { Slug = DemoAccounts.SakuraSlug, DisplayName = "さくら歯科クリニック" };
        var yamada = new Tenant { Slug = DemoAccounts.YamadaSlug, DisplayName = "山田建設株式会社" };
        db.Tenants.AddRange(sakura, yamada);
        await db.SaveChangesAsync(cancellationToken);
        var tenantBySlug = new Dictionary<string, Guid> { [sakura.Slug] = sakura.Id, [yamada.Slug] = yamada.Id };
        DemoEscalation.Add(db, sakura.Id,
            [("佐藤 美咲（受付主任）", "sato@sakura.example", "090-1111-0001", "ja"), ("鈴木 健（副院長）", "suzuki@sakura.example", "090-1111-0002", "ja"), ("桜井 院長", "director@sakura.example", "090-1111-0003", "ja")],
            time.GetUtcNow());
        DemoEscalation.Add(db, yamada.Id,
            [("田中 誠（現場監督）", "tanaka@yamada.example", "080-2222-0001", "ja"), ("伊藤 エミリー（工務部）", "ito@yamada.example", "080-2222-0002", "en"), ("山田 社長", "president@yamada.example", "080-2222-0003", "ja")],
            time.GetUtcNow());
        // The clinic has its outgoing caller ID, so 「折り返す」 can be tried (the dev outbox plays Twilio); the builder has none yet.
        db.OutgoingCallerIds.Add(new Callbacks.Bridge.OutgoingCallerId { TenantId = sakura.Id, Number = "+81312345678" });
        await db.SaveChangesAsync(cancellationToken);

        var staffByEmail = new Dictionary<string, ApplicationUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var demo in DemoAccounts.Users)
        {
            var user = new ApplicationUser
            {
                UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName,
                TenantId = demo.TenantSlug is null ? null : tenantBySlug[demo.TenantSlug], PreferredCulture = demo.Culture,
            };
            Check(await users.CreateAsync(user, DemoAccounts.Password));
            Check(await users.AddToRoleAsync(user, demo.Role));
            if (user.TenantId is not null)
            {
                staffByEmail[demo.Email] = user;
            }
            if (demo.Role == Accounts.Roles.AccountManager)
            {
                // The demo account manager looks after both demo clients.
                db.AccountManagerAssignments.AddRange(tenantBySlug.Values.Select(tenantId =>
                    new AccountManagerAssignment { UserId = user.Id, TenantId = tenantId, AssignedAt = time.GetUtcNow() }));
            }
        }
        // Staff own their contact: one person has one name, and /me shows the number and language escalation uses.
        foreach (var contact in await db.Contacts.ToListAsync(cancellationToken))
        {
            if (staffByEmail.TryGetValue(contact.Email ?? "", out var staff) && staff.TenantId == contact.TenantId)
            {
                contact.UserId = staff.Id;
                contact.Name = staff.DisplayName;
            }
        }
        await db.SaveChangesAsync(cancellationToken);

        await apiKeys.CreateAsync("デモ受付センター", ApiKeyScope.OperatorCentre, null, cancellationToken, DemoAccounts.OperatorApiKey);
        await apiKeys.CreateAsync("さくら歯科 院内システム", ApiKeyScope.Tenant, sakura.Id, cancellationToken, DemoAccounts.SakuraApiKey);

        // Past acknowledgements carry a real staff member's name, as the live ones do.
        await SeedWeekAsync(sakura.Id, DemoMessages.Sakura, staffByEmail["sato@sakura.example"], cancellationToken);
        await SeedWeekAsync(yamada.Id, DemoMessages.Yamada, staffByEmail["tanaka@yamada.example"], cancellationToken);
        logger.LogInformation("Seeded the demo tenants, users, API keys and a week of messages");
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
            }
        }
    }

    private async Task SeedWeekAsync(Guid tenantId, DemoMessages.Call[] calls, ApplicationUser taker, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var operatorActor = new Actor(null, "受付 花子", ChangeChannel.Dashboard);
        var staff = new Actor(taker.Id, taker.DisplayName, ChangeChannel.Dashboard);
        // Spread over the past week, oldest first; all but the two newest were taken and most were resolved.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < calls.Length; i++)
            {
                var call = calls[i];
                var index = round * calls.Length + i;
                var total = calls.Length * 2;
                var receivedAt = now.AddHours(-7 * 24 * (total - index) / (double)total).AddMinutes(-index * 7);
                var valid = new MessageValidator.ValidMessage(call.CallerName, call.Organization,
                    CallbackNumbers.TryNormalize(call.Callback, out var e164) ? e164 : call.Callback,
                    call.ForWhom, call.Subject, call.Body, call.Urgency, call.Note, receivedAt);
                var message = await messages.CreateAsync(tenantId, valid, operatorActor, cancellationToken);
                if (index < total - 2)
                {
                    await messages.AcknowledgeAsync(message.Id, staff, cancellationToken);
                    if (index % 3 != 0)
                    {
                        await messages.ResolveAsync(message.Id, staff, cancellationToken);
                    }
                }
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
