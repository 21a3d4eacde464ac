namespace Dashboard.Features.Messages;

/// <summary>A callback attempt as the API and the page send it. Field names are the public contract.</summary>
public sealed class CallbackInput
{
    /// <summary>Reached, NoAnswer, Busy or WrongNumber.</summary>
    public string? Outcome { get; set; }
    public string? Note { get; set; }
    /// <summary>Optional ISO 8601 instant; defaults to the time it is recorded.</summary>
    public string? CalledAt { get; set; }
}

/// <summary>A note as the API and the page send it.</summary>
public sealed class NoteInput
{
    public string? Text { get; set; }
}
