namespace Dashboard.Features.Messages;

public static class MessagesRegistration
{
    public static IHostApplicationBuilder AddMessages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageEvents>();
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddScoped<MessageValidator>();
        builder.Services.AddScoped<MessageActions>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
