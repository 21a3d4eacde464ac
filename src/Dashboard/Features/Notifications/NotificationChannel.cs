namespace Dashboard.Features.Notifications;

/// <summary>
/// Which channel an attempt or a policy step uses; stored as its number. A new channel adds a member here (and its
/// label `NotificationChannel_X` in the resources) next to its folder.
/// </summary>
public enum NotificationChannel
{
    PhoneCall = 0,
    Email = 1,
}
