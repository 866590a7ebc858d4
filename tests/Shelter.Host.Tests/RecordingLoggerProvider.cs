using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Shelter.Host.Tests;

/// <summary>Keeps what a host logs from <paramref name="minimum"/> up (warnings and errors unless told), for tests of the log itself.</summary>
public sealed class RecordingLoggerProvider(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>Every message recorded (warnings and up, unless the provider was made with a lower minimum).</summary>
    public IReadOnlyCollection<string> Warnings => _warnings;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _warnings, minimum);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> warnings, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
