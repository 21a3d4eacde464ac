namespace Dashboard.Features.Intake;

/// <summary>The operator console (/console): the message form, and what it knows about the caller while they are on the line.</summary>
public static class IntakeRegistration
{
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<CallerHistoryQuery>();
        return builder;
    }
}
