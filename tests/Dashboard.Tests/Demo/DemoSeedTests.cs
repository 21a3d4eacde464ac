using Dashboard.Features.Demo;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Demo;

/// <summary>The demo is what people try first: each staff member is one person with one name, reached where /me says.</summary>
public sealed class DemoSeedTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task DemoStaff_OwnTheirContact_WithTheNumberAndLanguageEscalationUses()
    {
        var token = TestContext.Current.CancellationToken;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(token);
        }

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var sato = await db.Users.SingleAsync(u => u.Email == "sato@sakura.example", token);
        var satoContact = await db.Contacts.SingleAsync(c => c.UserId == sato.Id, token);
        Assert.Equal(("佐藤 美咲", "+819011110001", "ja"), (satoContact.Name, satoContact.Phone, satoContact.Language));
        var ito = await db.Users.SingleAsync(u => u.Email == "ito@yamada.example", token);
        Assert.Equal("en", (await db.Contacts.SingleAsync(c => c.UserId == ito.Id, token)).Language);

        var takers = await db.Messages.Where(m => m.AcknowledgedBy != null).Select(m => m.AcknowledgedBy!).Distinct().ToListAsync(token);
        Assert.NotEmpty(takers);
        Assert.DoesNotContain("スタッフ", takers);
    }
}
