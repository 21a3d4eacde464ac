global using Xunit;

// Test classes run in parallel (each has its own database and app); tests within a class run in order.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass)]
