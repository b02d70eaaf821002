using System.Buffers.Binary;
using System.Text;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// A TLS ClientHello written byte by byte (RFC 5246 7.4.1.2), for offering an old protocol version
/// that the local TLS library may refuse to offer at all. It names the version in the record and
/// in client_version, carries no supported_versions extension (so the version field is what the
/// server goes by), and offers ECDHE suites for the server's ECDSA certificate.
/// </summary>
internal static class ClientHello
{
    public const ushort Tls10 = 0x0301;
    public const ushort Tls11 = 0x0302;
    public const ushort Tls12 = 0x0303;

    // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (1.2),
    // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_128_CBC_SHA (1.0 and 1.1).
    private static readonly ushort[] CipherSuites = [0xC02B, 0xC02C, 0xC009, 0xC00A, 0xC013, 0x002F];

    public static byte[] Build(ushort version, string serverName = "localhost")
    {
        var body = new List<byte>();
        Put16(body, version);
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)));
        body.Add(0); // no session id
        Put16(body, (ushort)(CipherSuites.Length * 2));
        foreach (var suite in CipherSuites)
        {
            Put16(body, suite);
        }

        body.Add(1); // one compression method:
        body.Add(0); // null

        var extensions = new List<byte>();
        var name = Encoding.ASCII.GetBytes(serverName);
        Extension(extensions, 0x0000, [.. U16(name.Length + 3), 0, .. U16(name.Length), .. name]);   // server_name
        Extension(extensions, 0x000A, [.. U16(4), .. U16(0x0017), .. U16(0x001D)]);                 // supported_groups: secp256r1, x25519
        Extension(extensions, 0x000B, [1, 0]);                                                       // ec_point_formats: uncompressed
        Extension(extensions, 0x000D, [.. U16(6), .. U16(0x0403), .. U16(0x0804), .. U16(0x0401)]); // signature_algorithms
        Put16(body, (ushort)extensions.Count);
        body.AddRange(extensions);

        var handshake = new List<byte> { 0x01 }; // client_hello
        handshake.AddRange(U24(body.Count));
        handshake.AddRange(body);

        var record = new List<byte> { 0x16 }; // handshake record
        Put16(record, version == Tls12 ? Tls10 : version); // record version: 1.0 for compatibility, as clients send it
        Put16(record, (ushort)handshake.Count);
        record.AddRange(handshake);
        return [.. record];
    }

    /// <summary>What the server's first record says.</summary>
    public sealed record Reply(byte ContentType, ushort RecordVersion, byte? HandshakeType, ushort? ServerVersion)
    {
        public bool IsServerHello => ContentType == 0x16 && HandshakeType == 0x02;

        public bool IsAlert => ContentType == 0x15;

        public override string ToString() =>
            $"record type {ContentType}, record version {RecordVersion:X4}, handshake type {HandshakeType}, server version {ServerVersion:X4}";
    }

    /// <summary>Parses the first record; null when the server sent nothing before closing.</summary>
    public static Reply? ParseFirstRecord(ReadOnlySpan<byte> data)
    {
        if (data.Length < 5)
        {
            return null;
        }

        var type = data[0];
        var recordVersion = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        if (type == 0x16 && data.Length >= 11)
        {
            return new Reply(type, recordVersion, data[5], BinaryPrimitives.ReadUInt16BigEndian(data[9..]));
        }

        return new Reply(type, recordVersion, null, null);
    }

    private static void Extension(List<byte> extensions, ushort type, byte[] data)
    {
        Put16(extensions, type);
        Put16(extensions, (ushort)data.Length);
        extensions.AddRange(data);
    }

    private static void Put16(List<byte> to, ushort value) => to.AddRange(U16(value));

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] U24(int value) => [(byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
