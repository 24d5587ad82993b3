using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Workflows.Server.Auth;

/// <summary>Signs and describes the API's bearer tokens (JWT, HMAC-SHA256).</summary>
public sealed class TokenIssuer
{
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    private readonly AuthOptions _options;
    private readonly TimeProvider _time;

    public TokenIssuer(IOptions<AuthOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var key = _options.SigningKey;
        if (string.IsNullOrEmpty(key))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException("Workflows:Auth:SigningKey is required outside Development (at least 32 characters)");
            }
            // Development only: tokens stop working when the server restarts, which is fine there.
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        }
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Workflows:Auth:SigningKey must be at least 32 characters");
        }
        SigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }

    public SymmetricSecurityKey SigningKey { get; }
    public string Issuer => _options.Issuer;

    /// <param name="securityStamp">The person's current stamp: the token dies when it changes (<see cref="SecurityStamps"/>).</param>
    public (string Token, int ExpiresInSeconds) Issue(string userName, IEnumerable<string> roles, string? securityStamp)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(NameClaim, userName), new(JwtRegisteredClaimNames.Sub, userName), new(SecurityStamps.TokenClaim, securityStamp ?? "") };
        claims.AddRange(roles.Select(r => new Claim(RoleClaim, r)));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = _options.Issuer,
            Audience = _options.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.TokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)_options.TokenLifetime.TotalSeconds);
    }
}
