using Hangfire;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dashboard.Features.Observability;

/// <summary>
/// Metrics (ASP.NET Core, HttpClient, Npgsql and the product's own) with a Prometheus scrape endpoint, traces
/// over OTLP when an endpoint is configured, and JSON console logs as an option. See docs/deployment.md.
/// </summary>
public static class ObservabilityRegistration
{
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration.GetValue<bool>("Logging:Json"))
        {
            // One JSON object a line, with the trace and span ids of the scope, for a log shipper.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());
        builder.Services.Configure<PrometheusAccessOptions>(configuration.GetSection(PrometheusAccessOptions.Section));
        builder.Services.Configure<TracePropagationOptions>(configuration.GetSection(TracePropagationOptions.Section));
        // Global in Hangfire; added once even when several hosts share a process (tests).
        lock (GlobalJobFilters.Filters)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTracingFilter))
            {
                GlobalJobFilters.Filters.Add(new JobTracingFilter());
            }
        }

        var otlpEndpoint = configuration["Observability:Otlp:Endpoint"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["Observability:ServiceName"] ?? "dashboard",
                serviceInstanceId: configuration["Observability:InstanceId"] ?? Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(DashboardMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
                        "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits");
                if (configuration.GetValue<bool>("Observability:Prometheus:Enabled"))
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            // Traces cost only when somebody collects them: request → its transaction (Npgsql) and outgoing calls
            // (Twilio over HttpClient), the feed dispatch on every node, and Hangfire jobs continuing the trace that enqueued them.
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(DashboardTelemetry.SourceName)
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlpEndpoint)));
        }
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Created at start, so its gauges exist before the first circuit or send.
        app.Services.GetRequiredService<DashboardMetrics>();
        if (app.Configuration.GetValue<bool>("Observability:Prometheus:Enabled"))
        {
            app.MapPrometheusScrapingEndpoint(PrometheusAccessOptions.Path)
                .AddEndpointFilter(PrometheusAccess.FilterAsync)
                .AllowAnonymous()
                .DisableRateLimiting()
                .ExcludeFromDescription();
        }
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(PrometheusAccessOptions.Path);
}
