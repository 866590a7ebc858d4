using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Shelter.Credentials;

/// <summary>
/// RSA's public operation, s^e mod n, in managed code: Montgomery multiplication (CIOS) on 64-bit limbs, square and
/// multiply over the public exponent. Verifying a signature by a key seen for the first time this way avoids importing
/// the key into OpenSSL, which costs several times the verification itself and takes OpenSSL's global locks; in a
/// surge nearly every tap brings a key not seen before. Only public values pass through here, so it need not run in
/// constant time.
/// </summary>
public sealed class RsaPublicOperation
{
    private readonly ulong[] _modulus;
    private readonly ulong[] _rSquared;
    private readonly ulong _modulusInverse;
    private readonly ulong _exponent;

    private RsaPublicOperation(ulong[] modulus, ulong[] rSquared, ulong modulusInverse, ulong exponent, int modulusBytes)
    {
        _modulus = modulus;
        _rSquared = rSquared;
        _modulusInverse = modulusInverse;
        _exponent = exponent;
        ModulusBytes = modulusBytes;
    }

    /// <summary>The length of a signature and of the encoded message it opens to.</summary>
    public int ModulusBytes { get; }

    /// <summary>An operation for an odd modulus and an odd exponent of at most 64 bits (the callers check key sizes).</summary>
    public static RsaPublicOperation Create(ReadOnlySpan<byte> modulusBigEndian, ReadOnlySpan<byte> exponentBigEndian)
    {
        modulusBigEndian = modulusBigEndian.TrimStart((byte)0);
        exponentBigEndian = exponentBigEndian.TrimStart((byte)0);
        if (modulusBigEndian.IsEmpty || (modulusBigEndian[^1] & 1) == 0 || exponentBigEndian.IsEmpty || exponentBigEndian.Length > 8)
        {
            throw new ArgumentException("an RSA modulus must be odd and the public exponent at most 64 bits");
        }
        var limbs = (modulusBigEndian.Length + 7) / 8;
        var modulus = new ulong[limbs];
        ReadLimbs(modulusBigEndian, modulus);
        ulong exponent = 0;
        foreach (var b in exponentBigEndian)
        {
            exponent = (exponent << 8) | b;
        }
        // R = 2^(64·limbs); R² mod n brings a value into Montgomery form with one multiplication.
        var n = new BigInteger(modulusBigEndian, isUnsigned: true, isBigEndian: true);
        var rSquared = new ulong[limbs];
        var r2 = (BigInteger.One << (128 * limbs)) % n;
        ReadLimbs(r2.ToByteArray(isUnsigned: true, isBigEndian: true), rSquared);
        return new RsaPublicOperation(modulus, rSquared, NegativeInverse(modulus[0]), exponent, modulusBigEndian.Length);
    }

    /// <summary>
    /// Writes s^e mod n, big-endian, into <paramref name="encoded"/> (<see cref="ModulusBytes"/> long); false when the
    /// signature has the wrong length or is not below the modulus, which no valid signature is.
    /// </summary>
    public bool TryApply(ReadOnlySpan<byte> signature, Span<byte> encoded)
    {
        var k = _modulus.Length;
        if (signature.Length != ModulusBytes || encoded.Length != ModulusBytes)
        {
            return false;
        }
        Span<ulong> s = stackalloc ulong[k];
        ReadLimbs(signature, s);
        if (Compare(s, _modulus) >= 0)
        {
            return false;
        }
        Span<ulong> scratch = stackalloc ulong[(2 * k) + 1];
        Span<ulong> sMont = stackalloc ulong[k];
        Multiply(s, _rSquared, sMont, scratch[..(k + 2)]);
        Span<ulong> x = stackalloc ulong[k];
        sMont.CopyTo(x);
        for (var bit = 62 - BitOperations.LeadingZeroCount(_exponent); bit >= 0; bit--)
        {
            Square(x, x, scratch);
            if (((_exponent >> bit) & 1) != 0)
            {
                Multiply(x, sMont, x, scratch[..(k + 2)]);
            }
        }
        // Out of Montgomery form: multiply by 1.
        s.Clear();
        s[0] = 1;
        Multiply(x, s, x, scratch[..(k + 2)]);
        WriteLimbs(x, encoded);
        return true;
    }

    /// <summary>result = a·b·R⁻¹ mod n (CIOS); result may be a or b.</summary>
    /// <remarks>The loops index through refs: with span indexing, bounds checks were a large share of the time.</remarks>
    private void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, Span<ulong> t)
    {
        var k = _modulus.Length;
        Debug.Assert(a.Length == k && b.Length == k && result.Length == k && t.Length == k + 2, "TryApply sizes every operand");
        ref var n = ref MemoryMarshal.GetArrayDataReference(_modulus);
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var t0 = ref MemoryMarshal.GetReference(t);
        t.Clear();
        for (var i = 0; i < k; i++)
        {
            ulong carry = 0;
            var bi = b[i];
            for (var j = 0; j < k; j++)
            {
                ref var tj = ref Unsafe.Add(ref t0, j);
                carry = MultiplyAdd(Unsafe.Add(ref a0, j), bi, tj, carry, out tj);
            }
            var top = Unsafe.Add(ref t0, k) + carry;
            Unsafe.Add(ref t0, k + 1) = top < carry ? 1UL : 0UL;
            Unsafe.Add(ref t0, k) = top;

            var m = t0 * _modulusInverse;
            carry = MultiplyAdd(m, n, t0, 0, out _);
            for (var j = 1; j < k; j++)
            {
                carry = MultiplyAdd(m, Unsafe.Add(ref n, j), Unsafe.Add(ref t0, j), carry, out Unsafe.Add(ref t0, j - 1));
            }
            top = Unsafe.Add(ref t0, k) + carry;
            Unsafe.Add(ref t0, k - 1) = top;
            Unsafe.Add(ref t0, k) = Unsafe.Add(ref t0, k + 1) + (top < carry ? 1UL : 0UL);
        }
        SubtractModulusIfAbove(t[..k], t[k], result);
    }

    /// <summary>
    /// result = a²·R⁻¹ mod n: the square first (each cross product once, then doubled), then Montgomery reduction;
    /// about a quarter fewer multiplications than <see cref="Multiply"/> with a = b. <paramref name="t"/> has 2k+1 limbs.
    /// </summary>
    private void Square(ReadOnlySpan<ulong> a, Span<ulong> result, Span<ulong> t)
    {
        var k = _modulus.Length;
        Debug.Assert(a.Length == k && result.Length == k && t.Length == (2 * k) + 1, "TryApply sizes every operand");
        ref var n = ref MemoryMarshal.GetArrayDataReference(_modulus);
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var t0 = ref MemoryMarshal.GetReference(t);
        t.Clear();
        for (var i = 0; i < k; i++)
        {
            ulong carry = 0;
            var ai = Unsafe.Add(ref a0, i);
            for (var j = i + 1; j < k; j++)
            {
                ref var tij = ref Unsafe.Add(ref t0, i + j);
                carry = MultiplyAdd(ai, Unsafe.Add(ref a0, j), tij, carry, out tij);
            }
            Unsafe.Add(ref t0, i + k) = carry;
        }
        ulong shifted = 0;
        for (var i = 0; i < 2 * k; i++)
        {
            ref var ti = ref Unsafe.Add(ref t0, i);
            var value = ti;
            ti = (value << 1) | shifted;
            shifted = value >> 63;
        }
        ulong squareCarry = 0;
        for (var i = 0; i < k; i++)
        {
            var ai = Unsafe.Add(ref a0, i);
            var high = Math.BigMul(ai, ai, out var low);
            ref var even = ref Unsafe.Add(ref t0, 2 * i);
            ref var odd = ref Unsafe.Add(ref t0, (2 * i) + 1);
            var next = Add(even, low, out even) + Add(even, squareCarry, out even);
            squareCarry = Add(odd, high, out odd) + Add(odd, next, out odd);
        }
        for (var i = 0; i < k; i++)
        {
            var m = Unsafe.Add(ref t0, i) * _modulusInverse;
            ulong carry = 0;
            for (var j = 0; j < k; j++)
            {
                ref var tij = ref Unsafe.Add(ref t0, i + j);
                carry = MultiplyAdd(m, Unsafe.Add(ref n, j), tij, carry, out tij);
            }
            for (var at = i + k; carry != 0 && at <= 2 * k; at++)
            {
                ref var ta = ref Unsafe.Add(ref t0, at);
                ta += carry;
                carry = ta < carry ? 1UL : 0UL;
            }
        }
        SubtractModulusIfAbove(t.Slice(k, k), t[2 * k], result);
    }

    /// <summary>result = value (+ overflow·R) mod n, for a value below 2n.</summary>
    private void SubtractModulusIfAbove(Span<ulong> value, ulong overflow, Span<ulong> result)
    {
        if (overflow != 0 || Compare(value, _modulus) >= 0)
        {
            ulong borrow = 0;
            for (var j = 0; j < value.Length; j++)
            {
                var d = value[j] - _modulus[j];
                var nextBorrow = (value[j] < _modulus[j] ? 1UL : 0UL) | (d < borrow ? 1UL : 0UL);
                value[j] = d - borrow;
                borrow = nextBorrow;
            }
        }
        value.CopyTo(result);
    }

    /// <summary>a·b + c + d, which always fits 128 bits: returns the high half, the low half in <paramref name="low"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyAdd(ulong a, ulong b, ulong c, ulong d, out ulong low)
    {
        var high = Math.BigMul(a, b, out var lo);
        lo += c;
        high += lo < c ? 1UL : 0UL;
        lo += d;
        high += lo < d ? 1UL : 0UL;
        low = lo;
        return high;
    }

    /// <summary>a + b: returns the carry (0 or 1), the sum modulo 2^64 in <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Add(ulong a, ulong b, out ulong sum)
    {
        sum = a + b;
        return sum < a ? 1UL : 0UL;
    }

    /// <summary>-n⁻¹ mod 2^64 by Newton's iteration (each step doubles the correct low bits; an odd n is its own inverse mod 8).</summary>
    private static ulong NegativeInverse(ulong n0)
    {
        var inverse = n0;
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - (n0 * inverse);
        }
        return 0 - inverse;
    }

    private static int Compare(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] ? -1 : 1;
            }
        }
        return 0;
    }

    /// <summary>Big-endian bytes into little-endian limbs, zero-filled above the value.</summary>
    private static void ReadLimbs(ReadOnlySpan<byte> bigEndian, Span<ulong> limbs)
    {
        limbs.Clear();
        for (var i = 0; i < bigEndian.Length; i++)
        {
            var fromEnd = bigEndian.Length - 1 - i;
            limbs[fromEnd / 8] |= (ulong)bigEndian[i] << (8 * (fromEnd % 8));
        }
    }

    private static void WriteLimbs(ReadOnlySpan<ulong> limbs, Span<byte> bigEndian)
    {
        Span<byte> all = stackalloc byte[limbs.Length * 8];
        for (var i = 0; i < limbs.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(all[((limbs.Length - 1 - i) * 8)..], limbs[i]);
        }
        all[^bigEndian.Length..].CopyTo(bigEndian);
    }
}
