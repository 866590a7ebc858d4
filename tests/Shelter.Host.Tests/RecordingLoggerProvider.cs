using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Shelter.Host.Tests;

/// <summary>Keeps every warning and error a host logs, for tests that require a quiet log.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyCollection<string> Warnings => _warnings;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _warnings);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> warnings) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
