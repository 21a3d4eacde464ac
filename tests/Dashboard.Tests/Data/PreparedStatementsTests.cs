using Dashboard.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Dashboard.Tests.Data;

/// <summary>The app's connections prepare their statements unless the operator's connection string says otherwise (decision 22).</summary>
public sealed class PreparedStatementsTests
{
    [Fact]
    public void AConnectionStringThatDoesNotMentionIt_GetsAutomaticPreparation()
    {
        Assert.Equal(DatabaseRegistration.DefaultMaxAutoPrepare, MaxAutoPrepareOf("Host=127.0.0.1;Username=postgres;Database=x"));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=x;maxautoprepare=5", 5)]
    public void AConnectionStringThatSetsIt_IsObeyed(string connectionString, int expected)
    {
        Assert.Equal(expected, MaxAutoPrepareOf(connectionString));
    }

    private static int MaxAutoPrepareOf(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = connectionString });
        builder.AddDatabase();
        using var services = builder.Services.BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxAutoPrepare;
    }
}
