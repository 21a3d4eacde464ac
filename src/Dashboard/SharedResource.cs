namespace Dashboard;

/// <summary>Anchor type for the one resource file set: Resources/SharedResource.resx (Japanese, the default) and .en.resx.</summary>
public sealed class SharedResource;
