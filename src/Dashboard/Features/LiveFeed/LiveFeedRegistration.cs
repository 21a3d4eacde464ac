using System.Text.Json.Serialization;
using Dashboard.Features.Messages;

namespace Dashboard.Features.LiveFeed;

public static class LiveFeedRegistration
{
    public static IHostApplicationBuilder AddLiveFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddMessageEventSubscriber<IMessageEvent, FeedSignalOnMessageEvents>();
        builder.Services.AddSingleton<FeedNotifier>();
        builder.Services.AddSingleton<FeedCounts>();
        builder.Services.AddSingleton<HubConnectionRegistry>();
        builder.Services.AddSingleton<Observability.IDashboardGauges, HubConnectionGauges>();
        builder.Services.AddScoped<LiveFeedState>();
        builder.Services.AddScoped<BrowserCalls>();
        builder.Services.AddScoped<MessageDetailQuery>();
        builder.Services.AddSingleton<PostgresFeedListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresFeedListener>());
        return builder;
    }

    public static IEndpointRouteBuilder MapLiveFeed(this IEndpointRouteBuilder app)
    {
        app.MapHub<MessagesHub>(MessagesHub.Path);
        return app;
    }
}
