namespace Shelter.Station.CardFace;

/// <summary>
/// The four attributes printed on the card's face, as its input-assistance application holds them: the name and
/// address as written, the birth date, and the sex code (1 male, 2 female, 3 other, 9 not stated).
/// </summary>
public sealed record CardFaceAttributes(string Name, string Address, DateOnly BirthDate, string Sex);
