using System.Buffers.Binary;

namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>An RFB PIXEL_FORMAT (RFC 6143 7.4): how a true-colour pixel is laid out on the wire.</summary>
internal sealed record PixelFormat(byte BitsPerPixel, byte Depth, bool BigEndian, bool TrueColour, ushort RedMax, ushort GreenMax, ushort BlueMax, byte RedShift, byte GreenShift, byte BlueShift)
{
    public const int Size = 16;

    /// <summary>What the server offers in ServerInit: 32 bits a pixel, 0x00RRGGBB little-endian (as QEMU offers).</summary>
    public static readonly PixelFormat Default = new(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>A format a client may ask for: true colour of 8, 16 or 32 bits. Colour maps are not offered.</summary>
    public bool Supported => TrueColour && BitsPerPixel is 8 or 16 or 32;

    public static PixelFormat Read(ReadOnlySpan<byte> b) => new(
        b[0], b[1], b[2] != 0, b[3] != 0,
        BinaryPrimitives.ReadUInt16BigEndian(b[4..]), BinaryPrimitives.ReadUInt16BigEndian(b[6..]), BinaryPrimitives.ReadUInt16BigEndian(b[8..]),
        b[10], b[11], b[12]);

    public void Write(Span<byte> b)
    {
        b[..Size].Clear();
        b[0] = BitsPerPixel;
        b[1] = Depth;
        b[2] = BigEndian ? (byte)1 : (byte)0;
        b[3] = TrueColour ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(b[4..], RedMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], GreenMax);
        BinaryPrimitives.WriteUInt16BigEndian(b[8..], BlueMax);
        b[10] = RedShift;
        b[11] = GreenShift;
        b[12] = BlueShift;
    }

    /// <summary>Writes one 0xRRGGBB colour as this format's pixel.</summary>
    public void Encode(uint rgb, Span<byte> to)
    {
        var value = (Scale(rgb >> 16, RedMax) << RedShift) | (Scale(rgb >> 8, GreenMax) << GreenShift) | (Scale(rgb, BlueMax) << BlueShift);
        switch (BitsPerPixel)
        {
            case 8:
                to[0] = (byte)value;
                break;
            case 16 when BigEndian:
                BinaryPrimitives.WriteUInt16BigEndian(to, (ushort)value);
                break;
            case 16:
                BinaryPrimitives.WriteUInt16LittleEndian(to, (ushort)value);
                break;
            case 32 when BigEndian:
                BinaryPrimitives.WriteUInt32BigEndian(to, value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(to, value);
                break;
        }
    }

    private static uint Scale(uint channel, ushort max) => ((channel & 0xff) * max + 127) / 255;
}
