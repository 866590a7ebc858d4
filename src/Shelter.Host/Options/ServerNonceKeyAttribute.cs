using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Options;

/// <summary>A server nonce key is empty (made per node) or base64 of at least 32 bytes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ServerNonceKeyAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text))
        {
            return ValidationResult.Success;
        }
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= 32
            ? ValidationResult.Success
            : new ValidationResult("Shelter:ServerNonceKey must be base64 of at least 32 bytes (openssl rand -base64 32).");
    }
}
