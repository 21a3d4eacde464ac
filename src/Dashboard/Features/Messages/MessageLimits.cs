namespace Dashboard.Features.Messages;

public static class MessageLimits
{
    public const int Name = 200;
    public const int Subject = 200;
    public const int Body = 4000;
    /// <summary>A note on a message or on a callback attempt.</summary>
    public const int Note = 2000;
}
