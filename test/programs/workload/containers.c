//===- containers.c - Hash table, strings, LZ compression, treaps ---------===//
#include "workload.h"

//===-- A hash table with chaining ----------------------------------------===//

typedef struct Entry {
  struct Entry *Next;
  uint32_t Hash;
  uint32_t KeyLength;
  int64_t Value;
  char Key[24];
} Entry;

typedef struct {
  Entry **Buckets;
  uint32_t BucketCount;
  uint32_t Size;
} Table;

static void tableInit(Table *T, uint32_t Buckets) {
  T->Buckets = wl_alloc(Buckets * (uint32_t)sizeof(Entry *));
  wl_fill(T->Buckets, 0, Buckets * (uint32_t)sizeof(Entry *));
  T->BucketCount = Buckets;
  T->Size = 0;
}

static Entry **tableSlot(Table *T, const char *Key, uint32_t Length,
                         uint32_t Hash) {
  Entry **Slot = &T->Buckets[Hash & (T->BucketCount - 1)];
  while (*Slot && ((*Slot)->Hash != Hash || (*Slot)->KeyLength != Length ||
                   wl_compare((*Slot)->Key, Key, Length) != 0))
    Slot = &(*Slot)->Next;
  return Slot;
}

static void tableGrow(Table *T) {
  Entry **Old = T->Buckets;
  uint32_t OldCount = T->BucketCount;
  tableInit(T, OldCount * 2);
  for (uint32_t B = 0; B < OldCount; ++B) {
    Entry *E = Old[B];
    while (E) {
      Entry *Next = E->Next;
      Entry **Head = &T->Buckets[E->Hash & (T->BucketCount - 1)];
      E->Next = *Head;
      *Head = E;
      ++T->Size;
      E = Next;
    }
  }
  wl_free(Old);
}

static void tablePut(Table *T, const char *Key, uint32_t Length,
                     int64_t Value) {
  uint32_t Hash = fnv1a32((const uint8_t *)Key, Length);
  Entry **Slot = tableSlot(T, Key, Length, Hash);
  if (*Slot) {
    (*Slot)->Value += Value;
    return;
  }
  Entry *E = wl_alloc(sizeof(Entry));
  E->Next = 0;
  E->Hash = Hash;
  E->KeyLength = Length;
  E->Value = Value;
  wl_move(E->Key, Key, Length);
  *Slot = E;
  if (++T->Size * 4 > T->BucketCount * 3)
    tableGrow(T);
}

static int tableRemove(Table *T, const char *Key, uint32_t Length) {
  uint32_t Hash = fnv1a32((const uint8_t *)Key, Length);
  Entry **Slot = tableSlot(T, Key, Length, Hash);
  Entry *E = *Slot;
  if (!E)
    return 0;
  *Slot = E->Next;
  wl_free(E);
  --T->Size;
  return 1;
}

static const Entry *tableGet(Table *T, const char *Key, uint32_t Length) {
  return *tableSlot(T, Key, Length, fnv1a32((const uint8_t *)Key, Length));
}

// Keys like "k1234f-": decimal digits written by hand.
static uint32_t makeKey(char *Out, uint32_t N) {
  Out[0] = 'k';
  uint32_t Len = 1 + wl_format_u64(Out + 1, N);
  Out[Len] = (char)('a' + Len % 26);
  Out[Len + 1] = '-';
  return Len + 2;
}

int64_t hash_table(int32_t Seed, int32_t Ops) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  Table T;
  tableInit(&T, 8);
  uint64_t Sum = 0;
  char Key[24];
  uint32_t KeySpace = (uint32_t)Ops / 2 + 1;
  for (int32_t I = 0; I < Ops; ++I) {
    uint32_t Len = makeKey(Key, rng_below(&R, KeySpace));
    switch (rng_below(&R, 6)) {
    case 0:
      Sum += (uint64_t)tableRemove(&T, Key, Len) << 20;
      break;
    case 1:
    case 2: {
      const Entry *E = tableGet(&T, Key, Len);
      Sum = Sum * 3 + (E ? (uint64_t)E->Value : 7);
      break;
    }
    default:
      tablePut(&T, Key, Len, (int64_t)I - 1000);
      break;
    }
  }
  // Walk the buckets in order: the layout depends only on the hashes.
  for (uint32_t B = 0; B < T.BucketCount; ++B)
    for (const Entry *E = T.Buckets[B]; E; E = E->Next)
      Sum = Sum * 1000003u + (uint64_t)E->Value + E->Hash;
  return (int64_t)(Sum ^ ((uint64_t)T.Size << 48) ^ T.BucketCount);
}

//===-- Text processing ---------------------------------------------------===//

static const char *const Syllables[] = {"ka", "lo", "mi", "ra", "ne", "to",
                                        "su", "vi", "ba", "de", "o",  "ak"};

static int isLetter(uint8_t C) {
  return (C | 0x20) >= 'a' && (C | 0x20) <= 'z';
}

static uint8_t toUpper(uint8_t C) {
  return C >= 'a' && C <= 'z' ? (uint8_t)(C - 32) : C;
}

static void reverseBytes(uint8_t *P, uint32_t N) {
  for (uint32_t I = 0, J = N; I + 1 < J; ++I, --J) {
    uint8_t T = P[I];
    P[I] = P[J - 1];
    P[J - 1] = T;
  }
}

// Signed decimal, by hand; returns the length written.
static uint32_t formatI64(char *Out, int64_t V) {
  if (V >= 0)
    return wl_format_u64(Out, (uint64_t)V);
  Out[0] = '-';
  return 1 + wl_format_u64(Out + 1, 0 - (uint64_t)V);
}

static int64_t parseI64(const char *S, uint32_t N) {
  uint32_t I = 0;
  int Negative = N && S[0] == '-';
  if (Negative)
    ++I;
  uint64_t V = 0;
  for (; I < N; ++I)
    V = V * 10 + (uint64_t)(S[I] - '0');
  return Negative ? (int64_t)(0 - V) : (int64_t)V;
}

static uint32_t countOccurrences(const uint8_t *Text, uint32_t N,
                                 const char *Needle) {
  uint32_t M = wl_strlen(Needle), Count = 0;
  for (uint32_t I = 0; I + M <= N; ++I)
    if (wl_compare(Text + I, Needle, M) == 0)
      ++Count;
  return Count;
}

int64_t text_stats(int32_t Seed, int32_t Words) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t Capacity = (uint32_t)Words * 40 + 64;
  uint8_t *Text = wl_alloc(Capacity);
  uint32_t N = 0;
  for (int32_t W = 0; W < Words; ++W) {
    if (rng_below(&R, 5) == 0) {
      char Number[24];
      int64_t V = (int64_t)(rng_next(&R) >> 1) - (int64_t)(1ll << 61);
      uint32_t Len = formatI64(Number, V >> rng_below(&R, 60));
      wl_move(Text + N, Number, Len);
      N += Len;
    } else {
      uint32_t Parts = 1 + rng_below(&R, 4);
      for (uint32_t P = 0; P < Parts; ++P) {
        const char *S = Syllables[rng_below(&R, 12)];
        uint32_t Len = wl_strlen(S);
        wl_move(Text + N, S, Len);
        N += Len;
      }
    }
    Text[N++] = rng_below(&R, 7) == 0 ? '\n' : ' ';
  }
  uint64_t Sum = fnv1a64(Text, N);
  Sum += (uint64_t)countOccurrences(Text, N, "ka") << 32;
  Sum += countOccurrences(Text, N, "ak ") * 977u;
  // Per word: numbers parse back to what formatting them gives, words are
  // reversed in place and palindromes counted.
  uint32_t Longest = 0, Palindromes = 0, Lines = 0;
  int64_t NumberSum = 0;
  for (uint32_t I = 0; I < N;) {
    if (Text[I] == ' ' || Text[I] == '\n') {
      Lines += Text[I] == '\n';
      ++I;
      continue;
    }
    uint32_t Start = I;
    while (I < N && Text[I] != ' ' && Text[I] != '\n')
      ++I;
    uint32_t Len = I - Start;
    if (Len > Longest)
      Longest = Len;
    if (!isLetter(Text[Start])) {
      int64_t V = parseI64((const char *)Text + Start, Len);
      char Again[24];
      if (formatI64(Again, V) != Len ||
          wl_compare(Again, Text + Start, Len) != 0)
        return -1;
      NumberSum += V / 1024;
      continue;
    }
    uint8_t Copy[64];
    wl_move(Copy, Text + Start, Len);
    reverseBytes(Text + Start, Len);
    Palindromes += wl_compare(Copy, Text + Start, Len) == 0;
    for (uint32_t K = Start; K < I; K += 2)
      Text[K] = toUpper(Text[K]);
  }
  Sum ^= fnv1a64(Text, N);
  wl_free(Text);
  return (int64_t)(Sum + (uint64_t)NumberSum + Longest * 65537u +
                   Palindromes * 257u + Lines);
}

//===-- LZ77 compression round trip ---------------------------------------===//
//
// Format: a byte T < 0x80 is followed by T + 1 literals; T >= 0x80 copies
// (T & 0x7f) + 3 bytes from a distance given by the next two bytes.

enum { WindowSize = 4096, MinMatch = 3, MaxMatch = 130, HashBits = 12 };

static uint32_t hash3(const uint8_t *P) {
  return ((uint32_t)P[0] << 16 | (uint32_t)P[1] << 8 | P[2]) * 2654435761u >>
         (32 - HashBits);
}

static uint32_t flushLiterals(const uint8_t *In, uint32_t From, uint32_t To,
                              uint8_t *Out, uint32_t OutN) {
  while (From < To) {
    uint32_t Run = To - From > 128 ? 128 : To - From;
    Out[OutN++] = (uint8_t)(Run - 1);
    wl_move(Out + OutN, In + From, Run);
    OutN += Run;
    From += Run;
  }
  return OutN;
}

static uint32_t lzCompress(const uint8_t *In, uint32_t N, uint8_t *Out) {
  static int32_t Head[1 << HashBits];
  for (uint32_t I = 0; I < (1u << HashBits); ++I)
    Head[I] = -1;
  uint32_t OutN = 0, Literal = 0, I = 0;
  while (I + MinMatch <= N) {
    uint32_t H = hash3(In + I);
    int32_t Candidate = Head[H];
    Head[H] = (int32_t)I;
    uint32_t Length = 0;
    if (Candidate >= 0 && I - (uint32_t)Candidate <= WindowSize) {
      uint32_t C = (uint32_t)Candidate;
      while (I + Length < N && Length < MaxMatch &&
             In[C + Length] == In[I + Length])
        ++Length;
    }
    if (Length < MinMatch) {
      ++I;
      continue;
    }
    OutN = flushLiterals(In, Literal, I, Out, OutN);
    uint32_t Distance = I - (uint32_t)Candidate;
    Out[OutN++] = (uint8_t)(0x80 | (Length - MinMatch));
    Out[OutN++] = (uint8_t)(Distance >> 8);
    Out[OutN++] = (uint8_t)Distance;
    for (uint32_t K = 1; K < Length && I + K + MinMatch <= N; ++K)
      Head[hash3(In + I + K)] = (int32_t)(I + K);
    I += Length;
    Literal = I;
  }
  return flushLiterals(In, Literal, N, Out, OutN);
}

static int32_t lzDecompress(const uint8_t *In, uint32_t N, uint8_t *Out,
                            uint32_t Capacity) {
  uint32_t OutN = 0;
  for (uint32_t I = 0; I < N;) {
    uint8_t T = In[I++];
    if (T < 0x80) {
      uint32_t Run = (uint32_t)T + 1;
      if (OutN + Run > Capacity || I + Run > N)
        return -1;
      wl_move(Out + OutN, In + I, Run);
      OutN += Run;
      I += Run;
      continue;
    }
    if (I + 2 > N)
      return -1;
    uint32_t Length = (uint32_t)(T & 0x7f) + MinMatch;
    uint32_t Distance = (uint32_t)In[I] << 8 | In[I + 1];
    I += 2;
    if (Distance == 0 || Distance > OutN || OutN + Length > Capacity)
      return -1;
    // Byte by byte: the source may overlap what is being written.
    for (uint32_t K = 0; K < Length; ++K, ++OutN)
      Out[OutN] = Out[OutN - Distance];
  }
  return (int32_t)OutN;
}

int32_t lz_roundtrip(int32_t Seed, int32_t Length) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint32_t N = (uint32_t)Length;
  uint8_t *In = wl_alloc(N + 1);
  for (uint32_t I = 0; I < N;) {
    // Repetitive text with some noise: phrases, copies and random bytes.
    uint32_t Kind = rng_below(&R, 10);
    if (Kind < 5) {
      const char *S = Syllables[rng_below(&R, 12)];
      for (uint32_t K = 0; S[K] && I < N; ++K)
        In[I++] = (uint8_t)S[K];
    } else if (Kind < 8 && I > 16) {
      uint32_t From = I - 1 - rng_below(&R, I < 3000 ? I : 3000);
      uint32_t Len = 4 + rng_below(&R, 40);
      for (uint32_t K = 0; K < Len && I < N; ++K)
        In[I++] = In[From + K];
    } else {
      In[I++] = (uint8_t)rng_next(&R);
    }
  }
  uint8_t *Packed = wl_alloc(N + N / 128 + 16);
  uint32_t PackedN = lzCompress(In, N, Packed);
  uint8_t *Back = wl_alloc(N + 1);
  int32_t BackN = lzDecompress(Packed, PackedN, Back, N);
  if (BackN != (int32_t)N || wl_compare(In, Back, N) != 0)
    return -1;
  return (int32_t)(crc32(Packed, PackedN) ^ (PackedN << 8));
}

//===-- A treap: recursion and pointer surgery
//-----------------------------===//

typedef struct Node {
  struct Node *Left, *Right;
  int64_t Key;
  uint32_t Priority;
  uint32_t Count;
} Node;

static uint32_t countOf(const Node *N) { return N ? N->Count : 0; }

static void update(Node *N) {
  N->Count = 1 + countOf(N->Left) + countOf(N->Right);
}

static Node *rotateRight(Node *N) {
  Node *L = N->Left;
  N->Left = L->Right;
  L->Right = N;
  update(N);
  update(L);
  return L;
}

static Node *rotateLeft(Node *N) {
  Node *R = N->Right;
  N->Right = R->Left;
  R->Left = N;
  update(N);
  update(R);
  return R;
}

static Node *treapInsert(Node *T, int64_t Key, uint32_t Priority) {
  if (!T) {
    Node *N = wl_alloc(sizeof(Node));
    N->Left = N->Right = 0;
    N->Key = Key;
    N->Priority = Priority;
    N->Count = 1;
    return N;
  }
  if (Key == T->Key)
    return T;
  if (Key < T->Key) {
    T->Left = treapInsert(T->Left, Key, Priority);
    if (T->Left->Priority > T->Priority)
      T = rotateRight(T);
  } else {
    T->Right = treapInsert(T->Right, Key, Priority);
    if (T->Right->Priority > T->Priority)
      T = rotateLeft(T);
  }
  update(T);
  return T;
}

static Node *treapErase(Node *T, int64_t Key) {
  if (!T)
    return 0;
  if (Key < T->Key) {
    T->Left = treapErase(T->Left, Key);
  } else if (Key > T->Key) {
    T->Right = treapErase(T->Right, Key);
  } else if (!T->Left || !T->Right) {
    Node *Child = T->Left ? T->Left : T->Right;
    wl_free(T);
    return Child;
  } else if (T->Left->Priority > T->Right->Priority) {
    T = rotateRight(T);
    T->Right = treapErase(T->Right, Key);
  } else {
    T = rotateLeft(T);
    T->Left = treapErase(T->Left, Key);
  }
  update(T);
  return T;
}

// The K-th smallest key, 0-based.
static int64_t treapSelect(const Node *T, uint32_t K) {
  while (T) {
    uint32_t L = countOf(T->Left);
    if (K < L) {
      T = T->Left;
    } else if (K == L) {
      return T->Key;
    } else {
      K -= L + 1;
      T = T->Right;
    }
  }
  return -1;
}

static uint32_t treapHeight(const Node *T) {
  if (!T)
    return 0;
  uint32_t L = treapHeight(T->Left), R = treapHeight(T->Right);
  return 1 + (L > R ? L : R);
}

static uint64_t treapFold(const Node *T, uint64_t Acc) {
  if (!T)
    return Acc;
  Acc = treapFold(T->Left, Acc);
  Acc = Acc * 6364136223846793005ull + (uint64_t)T->Key;
  return treapFold(T->Right, Acc);
}

int64_t tree_ops(int32_t Seed, int32_t Ops) {
  wl_heap_reset();
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  Node *Root = 0;
  uint64_t Sum = 0;
  for (int32_t I = 0; I < Ops; ++I) {
    int64_t Key = (int64_t)rng_below(&R, (uint32_t)Ops) - Ops / 3;
    if (rng_below(&R, 3) == 0)
      Root = treapErase(Root, Key);
    else
      Root = treapInsert(Root, Key, (uint32_t)rng_next(&R));
    if (Root && I % 16 == 0)
      Sum += (uint64_t)treapSelect(Root, countOf(Root) / 2);
  }
  Sum = treapFold(Root, Sum);
  return (int64_t)(Sum ^ ((uint64_t)treapHeight(Root) << 40) ^
                   ((uint64_t)countOf(Root) << 20));
}
