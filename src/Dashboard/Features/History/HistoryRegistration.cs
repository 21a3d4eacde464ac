namespace Dashboard.Features.History;

/// <summary>History: the page's reader (its API and export are mapped by <see cref="HistoryApi.MapHistory"/>).</summary>
public static class HistoryRegistration
{
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<HistoryReader>();
        return builder;
    }
}
