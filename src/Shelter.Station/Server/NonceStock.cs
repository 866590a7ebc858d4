using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Shelter.Protocol;

namespace Shelter.Station.Server;

/// <summary>
/// Server nonces fetched ahead while online, so an online tap signs a nonce the server issued and a tap made offline
/// signs one of the station's own (16 random bytes), which the server judges by the reader's offline window. A server
/// nonce is used once and not after its expiry (less a margin for the tap's way to the server).
/// </summary>
public sealed class NonceStock(HttpClient server, Func<string?> token, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    private readonly Queue<byte[]> _nonces = new();
    private readonly Lock _gate = new();
    private DateTimeOffset _expiresAt;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return Fresh ? _nonces.Count : 0;
            }
        }
    }

    /// <summary>Whether the nonces held still have time to reach the server before they expire; under the lock.</summary>
    private bool Fresh => clock.GetUtcNow() + Margin < _expiresAt;

    /// <summary>A server nonce while one is fresh; otherwise a station nonce, and <paramref name="offline"/> is true.</summary>
    public byte[] Take(out bool offline)
    {
        lock (_gate)
        {
            if (Fresh && _nonces.TryDequeue(out var nonce))
            {
                offline = false;
                return nonce;
            }
        }
        offline = true;
        return RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
    }

    /// <summary>Fetches <paramref name="count"/> nonces in place of those held; false when the server did not give any.</summary>
    public async Task<bool> Refill(int count, CancellationToken cancel)
    {
        if (token() is not { } bearer)
        {
            return false;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ReaderProtocol.NoncesPath}?count={Math.Clamp(count, 1, ReaderProtocol.MaxNoncesPerRequest)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        try
        {
            using var response = await server.SendAsync(request, cancel);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            var batch = (await response.Content.ReadFromJsonAsync<ServerNonceBatch>(ReaderProtocol.Json, cancel))!;
            lock (_gate)
            {
                _nonces.Clear();
                foreach (var nonce in batch.Nonces)
                {
                    _nonces.Enqueue(Convert.FromBase64String(nonce));
                }
                _expiresAt = batch.ExpiresAt;
            }
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return false;
        }
    }
}
