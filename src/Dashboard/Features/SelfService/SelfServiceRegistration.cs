namespace Dashboard.Features.SelfService;

/// <summary>/me: a client staff member's own contact (edited through ContactEditor, tested through ContactTester) and who is on call.</summary>
public static class SelfServiceRegistration
{
    public static IHostApplicationBuilder AddSelfService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<MeQueries>();
        return builder;
    }
}
